import { plannedGroups } from '../domain/group-class.ts';
import { type Plan, stageGates } from '../domain/plan.ts';
import type { ConsumerGroupState, PartitionOffsets } from '../ports/index.ts';
import { type CheckRow, row } from './check-row.ts';
import { mapWithConcurrency } from './map-with-concurrency.ts';
import type { BlueSide } from './readiness-ports.ts';
import { isExcluded } from './topic-parity.ts';

/** One blue consumer group at the time of the check: the runbook's lag snapshot. */
export interface GroupBaseline {
  readonly group: string;
  /** null when the broker cannot describe groups. */
  readonly state: string | null;
  readonly members: number | null;
  /** Migrated topics the group commits on or is assigned. */
  readonly topics: readonly string[];
  /** Messages behind the high watermark, summed over the group's partitions. */
  readonly lag: number;
}

export interface BlueConsumers {
  readonly groups: readonly GroupBaseline[];
  /** Notes about what could not be seen (no ListGroups, no DescribeGroups). */
  readonly rows: readonly CheckRow[];
}

const GROUPS_IN_FLIGHT = 4;
const REBALANCING = new Set(['PreparingRebalance', 'CompletingRebalance', 'Dead']);

async function listBlueGroups(blue: BlueSide, plan: Plan): Promise<{ groups: string[]; rows: CheckRow[] }> {
  const listed = await blue.kafka.listGroups();
  const planned = plannedGroups(plan);
  if (listed === null) {
    const note = `blue cannot list consumer groups (ListGroups unsupported): checked the plan's consumerGroups and movers only (${planned.length})`;
    return { groups: planned, rows: [row('consumers', 'warn', note)] };
  }
  return { groups: [...new Set([...listed, ...planned])].sort(), rows: [] };
}

/** Lag of every blue group over the migrated topics, with its state when the broker tells. */
export async function blueConsumers(blue: BlueSide, plan: Plan): Promise<BlueConsumers> {
  const { groups, rows } = await listBlueGroups(blue, plan);
  const topics = (await blue.kafka.listTopics()).filter((t) => !t.startsWith('__') && !isExcluded(t, plan.topics.exclude));
  const described = groups.length > 0 ? await blue.groups.describeGroups(groups) : [];
  if (described === null)
    rows.push(row('consumers', 'warn', 'blue cannot describe consumer groups (DescribeGroups unsupported): group state not checked, lag only'));
  const states = new Map((described ?? []).map((g) => [g.groupId, g] as const));
  const watermarks = new Map<string, Promise<PartitionOffsets[]>>();
  const offsetsOf = (topic: string) => {
    if (!watermarks.has(topic)) watermarks.set(topic, blue.kafka.topicOffsets(topic));
    return watermarks.get(topic) as Promise<PartitionOffsets[]>;
  };
  const baseline = await mapWithConcurrency(groups, GROUPS_IN_FLIGHT, (group) => groupBaseline(blue, group, topics, states.get(group), offsetsOf));
  return { groups: baseline, rows };
}

async function groupBaseline(
  blue: BlueSide,
  group: string,
  topics: readonly string[],
  state: ConsumerGroupState | undefined,
  offsetsOf: (topic: string) => Promise<PartitionOffsets[]>,
): Promise<GroupBaseline> {
  const committed = topics.length > 0 ? await blue.kafka.groupOffsets(group, topics) : [];
  const migrated = new Set(topics);
  const consumed = new Set(committed.filter((c) => c.committed !== null).map((c) => c.topic));
  for (const topic of state?.assignedTopics ?? []) if (migrated.has(topic)) consumed.add(topic);
  let lag = 0;
  for (const topic of consumed) {
    const byPartition = new Map(committed.filter((c) => c.topic === topic).map((c) => [c.partition, c.committed]));
    for (const p of await offsetsOf(topic)) {
      // A partition without a commit will be read from its earliest retained offset.
      lag += Math.max(0, p.high - (byPartition.get(p.partition) ?? p.low));
    }
  }
  return { group, state: state?.state ?? null, members: state?.members ?? null, topics: [...consumed].sort(), lag };
}

/** Groups that are rebalancing or dead, and empty groups that still hold offsets, on blue. */
export function stateRows(groups: readonly GroupBaseline[]): CheckRow[] {
  return groups.flatMap((g) => {
    const check = `consumers/${g.group}`;
    if (g.state !== null && REBALANCING.has(g.state)) return [row(check, 'fail', `group is ${g.state}, not Stable`)];
    if (g.state === 'Empty' && g.topics.length > 0)
      return [row(check, 'warn', `no active members on blue (Empty) with committed offsets on ${g.topics.join(', ')}`)];
    return [];
  });
}

/** Lag within the plan's limit for the group, and a stable group, on blue before the first stage. */
export function baselineRows(groups: readonly GroupBaseline[], plan: Plan): CheckRow[] {
  const rows: CheckRow[] = [];
  // The first stage's gates: the lag that stage would have to hold anyway.
  const gates = stageGates(plan, 0);
  for (const g of groups) {
    const limit = gates.maxLagByGroup[g.group] ?? gates.maxLag;
    if (g.lag > limit)
      rows.push(row(`consumers/${g.group}`, 'fail', `lag ${g.lag} on blue is above the plan's limit ${limit}: let it catch up before the first stage`));
  }
  rows.push(...stateRows(groups));
  const total = groups.reduce((sum, g) => sum + g.lag, 0);
  const max = groups.reduce((m, g) => Math.max(m, g.lag), 0);
  const failing = rows.some((r) => r.status === 'fail');
  rows.unshift(row('consumers', failing ? 'fail' : 'ok', `${groups.length} groups on blue, total lag ${total}, highest ${max} (baseline recorded)`));
  return rows;
}
