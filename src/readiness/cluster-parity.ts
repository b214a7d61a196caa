import type { Plan } from '../domain/plan.ts';
import type { ClusterDescription } from '../ports/index.ts';
import { type CheckOutcome, type CheckRow, row, safeReason } from './check-row.ts';
import type { KafkaReader, ReadinessPorts } from './readiness-ports.ts';

type Side = 'blue' | 'green';
type Described = { ok: true; value: ClusterDescription } | { ok: false; reason: string };

/** KRAFT, ZOOKEEPER or null when neither MSK's metadata mode nor its version string tells. */
export function metadataModeOf(cluster: Pick<ClusterDescription, 'metadataMode' | 'kafkaVersion'>): 'KRAFT' | 'ZOOKEEPER' | null {
  if (cluster.metadataMode) return cluster.metadataMode;
  const version = cluster.kafkaVersion?.trim().toLowerCase();
  if (!version) return null;
  // MSK names KRaft builds "3.7.x.kraft"; from Kafka 4.0 on there is no ZooKeeper mode at all.
  if (version.endsWith('.kraft')) return 'KRAFT';
  const major = Number.parseInt(version, 10);
  if (Number.isNaN(major)) return null;
  return major >= 4 ? 'KRAFT' : 'ZOOKEEPER';
}

async function describe(ports: ReadinessPorts, arn: string): Promise<Described> {
  try {
    return { ok: true, value: await ports.clusters.describe(arn) };
  } catch (error) {
    return { ok: false, reason: safeReason(error) };
  }
}

async function reach(kafka: KafkaReader): Promise<{ ok: true; topics: number } | { ok: false; reason: string }> {
  try {
    return { ok: true, topics: (await kafka.listTopics()).length };
  } catch (error) {
    return { ok: false, reason: safeReason(error) };
  }
}

function sideRow(side: Side, plan: Plan, described: Described, reached: Awaited<ReturnType<typeof reach>>): CheckRow {
  const auth = plan.clusters[side].auth.mechanism;
  const problems: string[] = [];
  const notes: string[] = [];
  if (reached.ok) notes.push(`reachable with ${auth} auth (${reached.topics} topics)`);
  else problems.push(`not reachable with ${auth} auth: ${reached.reason}`);
  if (!described.ok) {
    problems.push(`MSK cannot describe ${plan.clusters[side].arn}: ${described.reason}`);
    return row(`clusters/${side}`, 'fail', [...problems, ...notes].join('; '));
  }
  const cluster = described.value;
  const mode = metadataModeOf(cluster);
  notes.unshift(`${cluster.state}, Kafka ${cluster.kafkaVersion ?? 'version unknown'}, ${mode ?? 'metadata mode unknown'}`);
  let status: CheckRow['status'] = problems.length > 0 ? 'fail' : 'ok';
  if (side === 'green') {
    if (cluster.state !== 'ACTIVE') problems.push(`green must be ACTIVE, is ${cluster.state}`);
    if (mode !== 'KRAFT') problems.push(`green must run in KRaft mode, MSK reports ${mode ?? 'no metadata mode and no version'}`);
    if (problems.length > 0) status = 'fail';
  } else if (cluster.state !== 'ACTIVE' && status === 'ok') {
    status = 'warn';
    problems.push(`blue is ${cluster.state}, not ACTIVE`);
  }
  return row(`clusters/${side}`, status, [...problems, ...notes].join('; '));
}

const list = (values: readonly string[] | undefined): string | undefined => (values === undefined ? undefined : [...values].sort().join(', ') || '(none)');

/** Broker specs, authentication and network placement of green against blue; each difference a warning. */
export function clusterDifferences(blue: ClusterDescription, green: ClusterDescription): CheckRow[] {
  const fields: [string, string | number | undefined, string | number | undefined][] = [
    ['broker count', blue.brokerCount, green.brokerCount],
    ['instance type', blue.instanceType, green.instanceType],
    ['storage per broker (GiB)', blue.storageGiB, green.storageGiB],
    ['authentication', list(blue.authentication), list(green.authentication)],
    ['subnets', list(blue.subnets), list(green.subnets)],
    ['security groups', list(blue.securityGroups), list(green.securityGroups)],
  ];
  const rows = fields
    .filter(([, b, g]) => b !== undefined && g !== undefined && b !== g)
    .map(([name, b, g]) => row('clusters/parity', 'warn', `${name}: blue ${b}, green ${g}`));
  const unknown = fields.filter(([, b, g]) => b === undefined || g === undefined).map(([name]) => name);
  if (unknown.length > 0) rows.push(row('clusters/parity', 'warn', `not compared (MSK did not report): ${unknown.join(', ')}`));
  if (rows.length === 0) rows.push(row('clusters/parity', 'ok', 'broker count, instance type, storage, authentication and network placement match'));
  return rows;
}

/** Check 1: both clusters reachable, green ACTIVE and KRaft, green's specs against blue's. */
export async function checkClusters(ports: ReadinessPorts, plan: Plan): Promise<CheckOutcome> {
  const [blue, green, blueReach, greenReach] = await Promise.all([
    describe(ports, plan.clusters.blue.arn),
    describe(ports, plan.clusters.green.arn),
    reach(ports.blue.kafka),
    reach(ports.green.kafka),
  ]);
  const rows = [sideRow('blue', plan, blue, blueReach), sideRow('green', plan, green, greenReach)];
  if (blue.ok && green.ok) rows.push(...clusterDifferences(blue.value, green.value));
  return { rows, actions: [] };
}

/**
 * For the preflight, which checks reachability and ACTIVE itself: green's KRaft mode and its
 * specs against blue. Silent when MSK cannot describe a cluster: the preflight reports that.
 */
export async function checkKraftAndParity(ports: Pick<ReadinessPorts, 'clusters'>, plan: Plan): Promise<CheckOutcome> {
  const [blue, green] = await Promise.all([ports.clusters.describe(plan.clusters.blue.arn), ports.clusters.describe(plan.clusters.green.arn)]);
  const mode = metadataModeOf(green);
  const modeRow =
    mode === 'KRAFT'
      ? row('clusters/green-mode', 'ok', `green runs in KRaft mode (Kafka ${green.kafkaVersion ?? 'version unknown'})`)
      : row('clusters/green-mode', 'fail', `green must run in KRaft mode, MSK reports ${mode ?? 'no metadata mode and no version'}`);
  return { rows: [modeRow, ...clusterDifferences(blue, green)], actions: [] };
}
