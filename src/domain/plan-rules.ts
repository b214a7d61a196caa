import type { FieldIssue } from '@kraft-canary/client/contract';
import { parseDuration } from './duration.ts';
import { PLAN_MAX_BYTES, utf8Bytes } from './state-budget.ts';

const field = (value: unknown, key: string): unknown => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined);

function stageIssues(stages: unknown[]): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const percents = stages.map((s) => field(s, 'greenPercent'));
  percents.forEach((p, i) => {
    const prev = percents[i - 1];
    if (i > 0 && typeof p === 'number' && typeof prev === 'number' && p <= prev) {
      issues.push({ path: `stages.${i}.greenPercent`, message: `must be above the previous stage's ${prev}` });
    }
  });
  if (percents[0] === 100) {
    issues.push({ path: 'stages.0.greenPercent', message: 'the first stage must be below 100: no jump from idle to 100' });
  }
  const last = percents.at(-1);
  if (typeof last === 'number' && last !== 100) {
    issues.push({ path: `stages.${stages.length - 1}.greenPercent`, message: 'the last stage must be 100' });
  }
  return issues;
}

function approvalIssues(input: unknown, stages: unknown[]): FieldIssue[] {
  if (!stages.some((s) => field(s, 'approval') === 'slack')) return [];
  const issues: FieldIssue[] = [];
  const approvers = field(input, 'approvers');
  const users = field(approvers, 'users');
  const hasApprovers = (Array.isArray(users) && users.length > 0) || typeof field(approvers, 'userGroup') === 'string';
  if (!hasApprovers) {
    issues.push({ path: 'approvers', message: 'stages with approval: slack need approvers.users or approvers.userGroup' });
  }
  if (field(input, 'slack') === undefined) {
    issues.push({ path: 'slack.channel', message: 'stages with approval: slack need a slack.channel' });
  }
  return issues;
}

/** A drain duration as written, or its default when absent; undefined when unreadable. */
function drainSeconds(drain: unknown, key: string, fallback: number): number | undefined {
  const value = field(drain, key);
  if (value === undefined) return fallback;
  return typeof value === 'string' ? parseDuration(value) : undefined;
}

function drainIssues(input: unknown): FieldIssue[] {
  const drain = field(input, 'drain');
  const stableFor = drainSeconds(drain, 'stableFor', 600);
  const timeout = drainSeconds(drain, 'timeout', 7200);
  const pollEvery = drainSeconds(drain, 'pollEvery', 60);
  if (timeout === undefined) return [];
  const issues: FieldIssue[] = [];
  if (pollEvery !== undefined && pollEvery > timeout) issues.push({ path: 'drain.pollEvery', message: 'must not exceed drain.timeout' });
  if (stableFor !== undefined && stableFor >= timeout) issues.push({ path: 'drain.stableFor', message: 'must be shorter than drain.timeout' });
  return issues;
}

/** A mover is not also a library consumer, is listed once, and a Slack move has a channel. */
function moverIssues(input: unknown): FieldIssue[] {
  const movers = field(input, 'movers');
  if (!Array.isArray(movers)) return [];
  const consumerGroups = field(input, 'consumerGroups');
  const library = new Set(Array.isArray(consumerGroups) ? consumerGroups : []);
  const seen = new Set<unknown>();
  const issues: FieldIssue[] = [];
  movers.forEach((mover, i) => {
    const group = field(mover, 'group');
    if (typeof group !== 'string') return;
    if (seen.has(group)) issues.push({ path: `movers.${i}.group`, message: `${group} is listed twice` });
    seen.add(group);
    if (library.has(group))
      issues.push({ path: `movers.${i}.group`, message: `${group} is in consumerGroups too: a group either reads both clusters or moves at the cutover` });
    if (field(field(mover, 'move'), 'slack') === true && field(input, 'slack') === undefined)
      issues.push({ path: `movers.${i}.move.slack`, message: 'a move asked for by Slack needs a slack.channel' });
  });
  return issues;
}

/**
 * Rules that span fields. They read the raw input defensively so that they report alongside
 * the per-field errors instead of waiting for those to be fixed first.
 */
export function crossFieldIssues(input: unknown): FieldIssue[] {
  const stages = field(input, 'stages');
  const issues = Array.isArray(stages) ? [...stageIssues(stages), ...approvalIssues(input, stages)] : [];
  const clusters = field(input, 'clusters');
  const blueArn = field(field(clusters, 'blue'), 'arn');
  if (typeof blueArn === 'string' && blueArn === field(field(clusters, 'green'), 'arn')) {
    issues.push({ path: 'clusters.green.arn', message: 'green must be a different cluster from blue' });
  }
  const window = field(input, 'window');
  const start = field(window, 'start');
  if (typeof start === 'string' && start === field(window, 'end')) {
    issues.push({ path: 'window.end', message: 'must differ from window.start' });
  }
  return [...issues, ...drainIssues(input), ...moverIssues(input), ...sizeIssues(input)];
}

/** The plan rides in every state of the execution: its share of the 256 KiB state (src/domain/state-budget.ts). */
function sizeIssues(input: unknown): FieldIssue[] {
  const bytes = utf8Bytes(JSON.stringify(input) ?? '');
  if (bytes <= PLAN_MAX_BYTES) return [];
  return [
    {
      path: '(root)',
      message: `the plan is ${bytes} bytes as JSON; at most ${PLAN_MAX_BYTES} fit beside the rollout's state in Step Functions' 256 KiB (fewer or shorter consumerGroups)`,
    },
  ];
}
