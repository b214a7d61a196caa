import { type Cluster, DEFAULT_CONTROL_TOPIC } from '@kraft-canary/client/contract';
import { type Plan, stageGates } from '../../domain/plan.ts';
import { BASELINE_MAX_GROUPS } from '../../domain/state-budget.ts';
import type { ClusterDescription, ClusterRegistry, KafkaAdminPort, KafkaAdmins } from '../../ports/index.ts';
import { type CheckRow, row, safeReason } from '../../readiness/check-row.ts';
import { ensureControlTopic } from '../../readiness/control-topic.ts';
import { topicParity } from '../../readiness/topic-parity.ts';
import { collectOffsets, groupLag } from '../drain/group-offsets.ts';

export interface ClusterRecord {
  readonly arn: string;
  readonly name: string;
  readonly state: string;
  readonly currentVersion: string;
}

const record = (c: ClusterDescription): ClusterRecord => ({ arn: c.arn, name: c.name, state: c.state, currentVersion: c.currentVersion });

/** Blue and green as MSK describes them: green must be ACTIVE, blue must still be serving. */
export async function checkClusters(
  clusters: Pick<ClusterRegistry, 'describe'>,
  plan: Plan,
): Promise<{ rows: CheckRow[]; blue: ClusterRecord | null; green: ClusterRecord | null }> {
  const rows: CheckRow[] = [];
  const found: Partial<Record<Cluster, ClusterRecord>> = {};
  for (const side of ['blue', 'green'] as const) {
    try {
      const described = await clusters.describe(plan.clusters[side].arn);
      found[side] = record(described);
      const usable = side === 'green' ? described.state === 'ACTIVE' : ['ACTIVE', 'UPDATING', 'MAINTENANCE'].includes(described.state);
      const detail = `${described.name} ${described.state}, Kafka ${described.kafkaVersion ?? 'unknown'}, ${described.metadataMode ?? 'metadata mode unknown'}`;
      rows.push(row(`clusters/${side}`, usable ? 'ok' : 'fail', usable ? detail : `${detail}: ${side} must be ${side === 'green' ? 'ACTIVE' : 'serving'}`));
    } catch (error) {
      rows.push(row(`clusters/${side}`, 'fail', `MSK cannot describe ${plan.clusters[side].arn}: ${safeReason(error)}`));
    }
  }
  return { rows, blue: found.blue ?? null, green: found.green ?? null };
}

export interface LagBaseline {
  readonly at: number;
  readonly groupsListed: boolean;
  /**
   * The plan's groups only, the most lagging first, at most BASELINE_MAX_GROUPS: a shared blue
   * can hold thousands of groups, and the execution's state is capped at 256 KiB.
   */
  readonly groups: { group: string; lag: number }[];
  /** Every group whose lag was checked on blue (the plan's and the ones blue lists). */
  readonly groupsChecked: number;
  /** The plan's groups left out of `groups` to stay within the bound. */
  readonly groupsOmitted: number;
}

function lagBaseline(plan: Plan, groups: { group: string; lag: number }[], groupsListed: boolean, at: number): LagBaseline {
  const planned = new Set(plan.consumerGroups);
  const mine = groups.filter((g) => planned.has(g.group)).sort((a, b) => b.lag - a.lag);
  const kept = mine.slice(0, BASELINE_MAX_GROUPS);
  return { at, groupsListed, groups: kept, groupsChecked: groups.length, groupsOmitted: mine.length - kept.length };
}

/** Topic parity (creating what is missing when the plan says `topics.sync`) and blue's lag baseline. */
export async function checkKafka(kafka: KafkaAdmins, plan: Plan, now: () => number): Promise<{ rows: CheckRow[]; baseline: LagBaseline | null }> {
  let blue: KafkaAdminPort | undefined;
  let green: KafkaAdminPort | undefined;
  try {
    blue = await kafka(plan, 'blue');
    green = await kafka(plan, 'green');
    let parity = await topicParity(blue, green, plan.topics.exclude);
    const rows: CheckRow[] = [];
    if (plan.topics.sync && parity.actions.length > 0) {
      for (const action of parity.actions) {
        await action.run();
        rows.push(row('topics/sync', 'ok', action.description));
      }
      parity = await topicParity(blue, green, plan.topics.exclude);
    }
    rows.push(...parity.rows);
    rows.push(...(await ensureControlTopic({ blue, green }, DEFAULT_CONTROL_TOPIC)));
    const snapshot = await collectOffsets(blue, plan);
    const gates = stageGates(plan, 0);
    const groups = snapshot.groups.map((g) => ({ group: g.group, lag: groupLag(g) }));
    for (const g of groups) {
      const limit = gates.maxLagByGroup[g.group] ?? gates.maxLag;
      if (g.lag > limit) rows.push(row(`lag/${g.group}`, 'fail', `${g.lag} messages behind on blue before the rollout; the gates allow ${limit}`));
    }
    rows.push(row('lag', 'ok', `baseline of ${groups.length} group(s) on blue${snapshot.groupsListed ? '' : " (the plan's groups: blue cannot list groups)"}`));
    return { rows, baseline: lagBaseline(plan, groups, snapshot.groupsListed, now()) };
  } catch (error) {
    return { rows: [row('kafka', 'fail', `checking topics and consumer groups failed: ${safeReason(error)}`)], baseline: null };
  } finally {
    await Promise.allSettled([blue?.disconnect(), green?.disconnect()]);
  }
}
