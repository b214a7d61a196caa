import { moverOf } from '../domain/group-class.ts';
import type { Plan } from '../domain/plan.ts';
import { type CheckRow, row } from './check-row.ts';
import type { GroupBaseline } from './consumer-baseline.ts';
import { mapWithConcurrency } from './map-with-concurrency.ts';
import type { GreenSide } from './readiness-ports.ts';
import type { CoverageDeclaration } from './trigger-twins.ts';

/**
 * `readiness` counts a trigger twin created disabled as a reader (the rollout enables it at the
 * first stage); `gate` runs right before the first canary write and counts only active ones.
 */
export type CoverageMode = 'readiness' | 'gate';

export interface GreenCoverage {
  readonly rows: CheckRow[];
  /** Groups that consume migrated topics on blue and have no reader on green. */
  readonly missing: readonly string[];
  readonly covered: number;
}

const IN_FLIGHT = 4;

async function committedOnGreen(green: GreenSide, group: string, topics: readonly string[], onGreen: ReadonlySet<string>): Promise<boolean> {
  const present = topics.filter((t) => onGreen.has(t));
  if (present.length === 0) return false;
  return (await green.kafka.groupOffsets(group, present)).some((o) => o.committed !== null);
}

function declaredReader(group: string, plan: Plan, declared: readonly CoverageDeclaration[], mode: CoverageMode): string | null {
  if (plan.consumerGroups.includes(group)) return "declared in the plan's consumerGroups: joins green with this group id at the first stage";
  if (moverOf(plan, group) !== undefined) return "listed in the plan's movers: moves to green at the cutover and reads it from the earliest offsets";
  const trigger = declared.find((d) => d.group === group && (d.active || mode === 'readiness'));
  if (trigger === undefined) return null;
  return trigger.active ? trigger.source : `${trigger.source}, enabled by the rollout at the first stage`;
}

/**
 * Every group that consumes a migrated topic on blue must have a reader on green before the
 * first canary write: listed or committed there, declared in the plan, or a Lambda trigger twin.
 * Otherwise messages sent to green would have no reader.
 */
export async function greenCoverage(
  green: GreenSide,
  groups: readonly GroupBaseline[],
  plan: Plan,
  declared: readonly CoverageDeclaration[],
  mode: CoverageMode,
): Promise<GreenCoverage> {
  const consuming = groups.filter((g) => g.topics.length > 0);
  const [listed, topics] = await Promise.all([green.kafka.listGroups(), green.kafka.listTopics()]);
  const onGreen = new Set(topics);
  const live = new Set(listed ?? []);
  const rows: CheckRow[] = [];
  if (listed === null) {
    rows.push(
      row(
        'consumers/green',
        'warn',
        "green cannot list consumer groups (ListGroups unsupported): readers on green judged from committed offsets, the plan's consumerGroups and Lambda trigger twins",
      ),
    );
  }
  const readers = await mapWithConcurrency(consuming, IN_FLIGHT, async (g) => {
    if (live.has(g.group)) return 'present on green';
    const reader = declaredReader(g.group, plan, declared, mode);
    if (reader !== null) return reader;
    return (await committedOnGreen(green, g.group, g.topics, onGreen)) ? 'has committed offsets on green' : null;
  });
  const missing: string[] = [];
  consuming.forEach((g, i) => {
    if (readers[i] !== null) return;
    missing.push(g.group);
    rows.push(
      row(
        `consumers/${g.group}`,
        'fail',
        `consumes ${g.topics.join(', ')} on blue but has no reader on green: messages sent to green would not be read. Start it on green, or list it in the plan's consumerGroups if it uses the kraft-canary client`,
      ),
    );
  });
  const covered = consuming.length - missing.length;
  rows.unshift(row('consumers/green', missing.length > 0 ? 'fail' : 'ok', `${covered} of ${consuming.length} consuming groups have a reader on green`));
  return { rows, missing, covered };
}
