import { createHash } from 'node:crypto';
import type { Entry } from '../../controller/preflight/entry-point.ts';
import type { Plan } from '../../domain/plan.ts';

/** Step Functions execution names: at most 80 characters of [A-Za-z0-9-_]. */
export const MAX_EXECUTION_NAME = 80;
export const MAX_ATTEMPT = 99;
const HASH_CHARS = 12;

/** JSON with the keys of every object sorted: the same plan hashes the same whatever its key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * SHA-256 of the normalized plan (defaults filled in, durations in seconds): YAML or JSON,
 * comments, key order, `15m` or `900s` all give the same hash.
 */
export function planHash(plan: Plan): string {
  return createHash('sha256').update(canonicalJson(plan), 'utf8').digest('hex');
}

/** What names an entry other than the rollout: a finish or a decommission never takes the rollout's name. */
const ENTRY_TAG: Readonly<Record<Entry, string>> = { rollout: '', 'finish-rollback': '-finish', decommission: '-decommission' };

/**
 * `<migration>[-finish|-decommission]-<12 hex of the plan hash>`, and `-a<n>` from the second
 * attempt on. Starting the same plan and entry again asks Step Functions for the same name, so
 * a repeat never runs twice; each entry has names of its own. The migration id is shortened
 * when the whole would pass 80 characters.
 */
export function executionName(plan: Plan, attempt = 1, entry: Entry = 'rollout'): string {
  const suffix = attempt > 1 ? `-a${attempt}` : '';
  const tag = ENTRY_TAG[entry];
  const hash = planHash(plan).slice(0, HASH_CHARS);
  const room = MAX_EXECUTION_NAME - tag.length - hash.length - 1 - suffix.length;
  return `${plan.migration.slice(0, room)}${tag}-${hash}${suffix}`;
}

export const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$/;

/** The region of a state machine ARN: Step Functions answers for an ARN only in its region. */
export const regionOfStateMachine = (arn: string): string => arn.split(':')[3] ?? '';
