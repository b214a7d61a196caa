import { classifyGroup, type GroupClass, type GroupKind, moverOf } from '../domain/group-class.ts';
import type { Plan } from '../domain/plan.ts';
import { type CheckRow, row } from './check-row.ts';
import type { GroupBaseline } from './consumer-baseline.ts';

const LABEL: Record<GroupKind, string> = {
  library: 'kraft-canary client',
  'lambda-trigger': 'Lambda trigger',
  streams: 'Kafka Streams',
  connect: 'Connect',
  unknown: 'unknown',
};

const moveOf = (plan: Plan, group: string): string | null => {
  const mover = moverOf(plan, group);
  if (mover === undefined) return null;
  return mover.move.lambda === undefined ? 'asked for in Slack' : `by the hook ${mover.move.lambda}`;
};

function classRow(c: GroupClass, plan: Plan): CheckRow {
  const check = `groups/${c.group}`;
  const what = `${LABEL[c.kind]} (${c.evidence})`;
  if (c.kind === 'library') return row(check, 'ok', `${what}: reads both clusters during the canary`);
  if (c.kind === 'lambda-trigger') return row(check, 'ok', `${what}: its twin on green reads green (see triggers)`);
  const move = moveOf(plan, c.group);
  const declared = moverOf(plan, c.group)?.kind;
  if (move !== null) {
    const mismatch = declared !== undefined && c.kind !== 'unknown' && declared !== c.kind;
    if (mismatch) return row(check, 'warn', `${what}, but listed in movers as ${declared}: check its kind and state`);
    return row(check, 'ok', `${what}: reads blue only, moves to green at the cutover, ${move}`);
  }
  const hint =
    "cannot be shown to read both clusters: list it in the plan's consumerGroups if it uses the kraft-canary client, or in movers to move it at the cutover";
  return row(check, 'warn', `${what}: ${hint}`);
}

/**
 * Every blue group classified: the client library (reads both clusters), a Lambda trigger (its
 * twin reads green), Kafka Streams, Connect, or unknown. Only those two or one listed in movers pass; the rest are warnings for a
 * person, never a silent pass.
 */
export function groupClassRows(
  groups: readonly GroupBaseline[],
  blueTopics: readonly string[],
  plan: Plan,
  triggerGroups: readonly string[] = [],
): { rows: CheckRow[]; classes: GroupClass[] } {
  // A planned group is always looked up; it is on blue only when it commits or has members there.
  const seen = (g: GroupBaseline) => g.topics.length > 0 || (g.members ?? 0) > 0;
  const absent = new Set(groups.filter((g) => !seen(g) && moverOf(plan, g.group) !== undefined).map((g) => g.group));
  const classes = groups.filter((g) => !absent.has(g.group)).map((g) => classifyGroup(g.group, plan, blueTopics, triggerGroups));
  const rows = classes.map((c) => classRow(c, plan));
  const listed = new Set(groups.map((g) => g.group));
  for (const mover of plan.movers ?? []) {
    if (absent.has(mover.group) || !listed.has(mover.group))
      rows.push(row(`groups/${mover.group}`, 'warn', 'listed in movers but not seen on blue: nothing to move'));
  }
  const count = (kind: GroupKind) => classes.filter((c) => c.kind === kind).length;
  const moving = classes.filter((c) => moverOf(plan, c.group) !== undefined).length;
  const summary = `${classes.length} groups on blue: ${count('library')} kraft-canary client, ${count('lambda-trigger')} Lambda trigger, ${count('streams')} Kafka Streams, ${count('connect')} Connect, ${count('unknown')} unknown; ${moving} move at the cutover`;
  const status = rows.some((r) => r.status !== 'ok') ? 'warn' : 'ok';
  return { rows: [row('groups', status, summary), ...rows], classes };
}
