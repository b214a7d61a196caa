import { describe, expect, it } from 'vitest';
import { type DecommissionPorts, decommission } from '../../../../src/controller/decommission/decommission.ts';
import type { PlanInput } from '../../../../src/domain/plan.ts';
import { MemoryAuditArchive } from '../../../../src/local/memory-audit-archive.ts';
import { MemoryRoutingStore } from '../../../../src/local/memory-routing-store.ts';
import type { MetricQuery } from '../../../../src/ports/index.ts';
import { FakeKafkaCluster } from '../../../support/fakes/fake-kafka-cluster.ts';
import { manualClock } from '../../../support/fakes/fake-time.ts';
import { MemoryClusterRegistry } from '../../../support/fakes/memory-cluster-registry.ts';
import { MemoryMetrics } from '../../../support/fakes/memory-metrics.ts';
import { recordingLogger } from '../../../support/fakes/recording-logger.ts';
import { BLUE_ARN, EXECUTION_ARN, GREEN_ARN, planInput, routingDoc, T0 } from '../../../support/rollout-fixtures.ts';

/** Completed two hours before the decommission runs: the quiet period lies wholly after it. */
const complete = routingDoc({
  revision: 9,
  phase: 'complete',
  producers: { greenPercent: 100 },
  consumers: { blue: false, green: true },
  updatedAt: new Date(T0 - 2 * 3_600_000).toISOString(),
});

const MIN = 60_000;
const BROKERS = ['1', '2', '3'];

/** ClientConnectionCount minimum of blue's brokers per minute: 0 everywhere unless a test says otherwise. */
type Connections = (broker: string, at: number) => number | undefined;

interface World {
  store: MemoryRoutingStore;
  blue: FakeKafkaCluster;
  clusters: MemoryClusterRegistry;
  archive: MemoryAuditArchive;
  metrics: MemoryMetrics;
  /** What happened, in order: metric reads and the snapshot's Kafka connection. */
  calls: string[];
  connections: Connections;
  run: ReturnType<typeof decommission>;
}

function setup(): World {
  const store = new MemoryRoutingStore();
  void store.write('orders', complete);
  const blue = new FakeKafkaCluster()
    .addTopic('orders', 3, { configs: { 'retention.ms': '1' } })
    .produce('orders', 0, 5)
    .catchUp('billing', 'orders');
  const clusters = new MemoryClusterRegistry().add({ arn: BLUE_ARN, name: 'orders-blue', state: 'ACTIVE', currentVersion: 'V1', brokerCount: 3 });
  const archive = new MemoryAuditArchive();
  const metrics = new MemoryMetrics();
  for (const broker of BROKERS)
    metrics.register('AWS/Kafka', 'ClientConnectionCount', { 'Cluster Name': 'orders-blue', 'Broker ID': broker, 'Client Authentication': 'SASL/SCRAM' });
  const calls: string[] = [];
  const world = { store, blue, clusters, archive, metrics, calls, connections: (() => 0) as Connections } as World;
  metrics.source = (q: MetricQuery, at: number) =>
    q.metricName === 'ClientConnectionCount' ? world.connections(q.dimensions['Broker ID'] ?? '', at) : undefined;
  const read = metrics.read.bind(metrics);
  metrics.read = async (queries, start, end) => {
    calls.push(
      `read ${queries.map((q) => `${q.metricName}/${q.stat}/${q.periodSeconds}`).join(',')} ${new Date(start).toISOString()}..${new Date(end).toISOString()}`,
    );
    return read(queries, start, end);
  };
  const kafka = async () => {
    calls.push('kafka blue');
    return blue;
  };
  const ports: DecommissionPorts = { routing: store, clusters, kafka, archive, metrics, catalog: metrics, clock: manualClock(T0), logger: recordingLogger() };
  world.run = decommission(ports);
  return world;
}

const input = (plan: Partial<PlanInput> = { decommission: 'delete' }, extra: Record<string, unknown> = {}) => ({
  plan: planInput(plan),
  expected: { arn: BLUE_ARN, currentVersion: 'V1' },
  drainProof: { cluster: 'blue', provenAt: T0 - 60_000, stableForSeconds: 600, groups: 1, partitions: 3 },
  approval: { decision: 'approved', approver: 'U0123ABCD', decidedAt: 'x' },
  executionArn: EXECUTION_ARN,
  ...extra,
});

describe('decommission', () => {
  it('writes the snapshot to the audit archive first, then deletes blue with the recorded CurrentVersion', async () => {
    // Prepare
    const { run, clusters, archive } = setup();
    // Act
    const out = await run(input());
    // Assess
    expect(out).toMatchObject({
      kind: 'deleted',
      cluster: { arn: BLUE_ARN, currentVersion: 'V1' },
      holds: { topics: 1, partitions: 3, groups: 1 },
      snapshot: { key: 'orders/decommission/2026-05-04T10:00:00.000Z.json', versionId: '1' },
    });
    expect(out.checks.every((c) => c.ok)).toBe(true);
    expect(out.checks.find((c) => c.name === 'blue-no-clients')?.detail).toBe(
      'no client connected to blue for 15m to 2026-05-04T09:58:00.000Z (ClientConnectionCount minimum 0 on 3 broker series)',
    );
    expect(clusters.deleted).toEqual([{ arn: BLUE_ARN, currentVersion: 'V1' }]);
    expect(archive.records[0]?.document).toMatchObject({
      migration: 'orders',
      executionArn: EXECUTION_ARN,
      cluster: { arn: BLUE_ARN, brokerCount: 3 },
      topics: [{ name: 'orders', configs: { 'retention.ms': '1' } }],
      offsets: { groups: [{ group: 'billing', partitions: [{ topic: 'orders', partition: 0, committed: 5, high: 5 }, {}, {}] }] },
    });
  });

  it('dry-run (the default) reports what it would delete and changes nothing', async () => {
    // Prepare
    const { run, clusters, archive } = setup();
    // Act
    const out = await run(input({}, { approval: null }));
    // Assess
    expect(out.kind).toBe('dry-run');
    expect(out.notification.text).toContain('dry run: would delete orders-blue');
    expect(out.notification.text).toContain('would refuse: approved');
    expect(clusters.deleted).toEqual([]);
    expect(archive.records).toEqual([]);
  });

  it.each([
    [
      'phase-complete',
      async (w: World): Promise<void> =>
        void (await w.store.write(
          'orders',
          routingDoc({ revision: 10, phase: 'draining', producers: { greenPercent: 100 }, consumers: { blue: true, green: true } }),
        )),
      {},
    ],
    ['drain-proof', async (): Promise<void> => undefined, { drainProof: null }],
    [
      'drain-proof',
      async (): Promise<void> => undefined,
      { drainProof: { cluster: 'blue', provenAt: T0 - 3 * 86_400_000, stableForSeconds: 600, groups: 1, partitions: 3 } },
    ],
    ['drain-proof', async (): Promise<void> => undefined, { drainProof: { cluster: 'green', provenAt: T0, stableForSeconds: 600, groups: 1, partitions: 3 } }],
    ['approved', async (): Promise<void> => undefined, { approval: null }],
    ['arn-matches', async (): Promise<void> => undefined, { expected: { arn: GREEN_ARN, currentVersion: 'V1' } }],
    ['version-matches', async (): Promise<void> => undefined, { expected: { arn: BLUE_ARN, currentVersion: 'V0' } }],
    ['blue-empty', async (w: World): Promise<void> => void w.blue.produce('orders', 1, 2), {}],
    [
      'blue-no-clients',
      async (w: World): Promise<void> => {
        w.connections = (broker) => (broker === '2' ? 1 : 0);
      },
      {},
    ],
    [
      'blue-no-clients',
      async (w: World): Promise<void> => {
        w.connections = (broker, at) => (broker === '3' && at === T0 - 7 * MIN ? undefined : 0);
      },
      {},
    ],
    [
      'blue-no-clients',
      async (w: World): Promise<void> => {
        w.metrics.dimensionSets = async () => [];
      },
      {},
    ],
  ] as const)('refuses when the %s guard fails, before any snapshot or deletion', async (guard, arrange, extra) => {
    // Prepare
    const world = setup();
    await arrange(world);
    // Act
    const out = await world.run(input({ decommission: 'delete' }, extra));
    // Assess
    expect(out.kind).toBe('refused');
    expect(out.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual([guard]);
    expect(world.clusters.deleted).toEqual([]);
    expect(world.archive.records).toEqual([]);
  });

  it.each([
    {
      name: 'busy: a broker whose minimum stayed at 1 names the broker and its newest minutes',
      connections: ((broker: string, at: number) => (broker === '2' && at >= T0 - 10 * MIN ? 1 : 0)) as Connections,
      detail:
        'clients still connected to blue (ClientConnectionCount minimum per minute): broker 2 (SASL/SCRAM): 1 at 2026-05-04T10:00:00.000Z, 1 at 2026-05-04T09:59:00.000Z, 1 at 2026-05-04T09:58:00.000Z',
    },
    {
      name: 'no-data: missing minutes name the broker, how many and the newest',
      connections: ((broker: string, at: number) => (broker === '3' && at <= T0 - 5 * MIN && at >= T0 - 8 * MIN ? undefined : 0)) as Connections,
      detail:
        'cannot tell whether clients left blue: no ClientConnectionCount for every minute of 15m to 2026-05-04T09:58:00.000Z: broker 3 (SASL/SCRAM) misses 4 minute(s), newest 2026-05-04T09:55:00.000Z',
    },
  ])('refuses to delete when blue is not quiet ($name)', async ({ connections, detail }) => {
    // Prepare
    const world = setup();
    world.connections = connections;
    // Act
    const out = await world.run(input());
    // Assess
    expect(out.kind).toBe('refused');
    expect(out.checks.filter((c) => !c.ok)).toEqual([{ name: 'blue-no-clients', ok: false, detail }]);
    expect(out.notification.text).toContain(`refused to delete orders-blue`);
    expect(out.notification.text).toContain(`blue-no-clients (${detail})`);
    expect(world.clusters.deleted).toEqual([]);
  });

  it('no-data when fewer brokers publish the metric than blue has', async () => {
    // Prepare
    const world = setup();
    world.metrics.dimensionSets = async () => [{ 'Cluster Name': 'orders-blue', 'Broker ID': '1', 'Client Authentication': 'SASL/SCRAM' }];
    // Act
    const out = await world.run(input());
    // Assess
    expect(out.kind).toBe('refused');
    expect(out.checks.find((c) => c.name === 'blue-no-clients')?.detail).toContain('only 1 of 3 brokers publish it');
  });

  it('a dry run reports a busy blue as "would refuse" and deletes nothing', async () => {
    // Prepare
    const world = setup();
    world.connections = (broker) => (broker === '1' ? 2 : 0);
    // Act
    const out = await world.run(input({}, { approval: { decision: 'approved', approver: 'U0123ABCD' } }));
    // Assess
    expect(out.kind).toBe('dry-run');
    expect(out.notification.text).toContain('dry run: would delete orders-blue');
    expect(out.notification.text).toContain(
      'would refuse: blue-no-clients (clients still connected to blue (ClientConnectionCount minimum per minute): broker 1 (SASL/SCRAM): 2 at',
    );
    expect(world.clusters.deleted).toEqual([]);
  });

  it('a dry run right after completion says from when blue can be judged quiet (the clients only just left)', async () => {
    // Prepare
    const world = setup();
    await world.store.write('orders', { ...complete, revision: 10, updatedAt: new Date(T0 - 5 * MIN - 30_000).toISOString() });
    world.connections = (_broker, at) => (at < T0 - 5 * MIN ? 1 : 0);
    // Act
    const out = await world.run(input({}));
    // Assess
    expect(out.kind).toBe('dry-run');
    expect(out.checks.find((c) => c.name === 'blue-no-clients')?.detail).toMatch(
      /^clients still connected to blue .*; `complete` was written at 2026-05-04T09:54:30.000Z, inside the quiet period: blue can be judged from 2026-05-04T10:12:00.000Z \(start the decommission entry then\)$/,
    );
  });

  it("reads blue's per-minute minimum over the quiet period (publication delay allowed) before its own snapshot connects", async () => {
    // Prepare
    const world = setup();
    // Act
    await world.run(input({ decommission: 'delete', decommissionQuietFor: '30m' }));
    // Assess
    expect(world.calls).toEqual([
      'read ClientConnectionCount/Minimum/60,ClientConnectionCount/Minimum/60,ClientConnectionCount/Minimum/60 2026-05-04T09:28:00.000Z..2026-05-04T10:00:00.000Z',
      'kafka blue',
    ]);
  });

  it('does not delete when the snapshot cannot be stored', async () => {
    // Prepare
    const { run, clusters, archive } = setup();
    archive.put = async () => {
      throw Object.assign(new Error('x'), { name: 'AwsCallError' });
    };
    // Act / Assess
    await expect(run(input())).rejects.toMatchObject({ name: 'AwsCallError' });
    expect(clusters.deleted).toEqual([]);
  });
});
