import { describe, expect, it } from 'vitest';
import { type DecommissionPorts, decommission } from '../../../src/controller/decommission.ts';
import type { PlanInput } from '../../../src/domain/plan.ts';
import { MemoryAuditArchive } from '../../../src/local/memory-audit-archive.ts';
import { MemoryClusterRegistry } from '../../../src/local/memory-cluster-registry.ts';
import { MemoryKafkaAdmin } from '../../../src/local/memory-kafka-admin.ts';
import { MemoryRoutingStore } from '../../../src/local/memory-routing-store.ts';
import { manualClock, recordingLogger } from '../../support/controller-fakes.ts';
import { BLUE_ARN, EXECUTION_ARN, GREEN_ARN, planInput, routingDoc, T0 } from '../../support/rollout-fixtures.ts';

const complete = routingDoc({ revision: 9, phase: 'complete', producers: { greenPercent: 100 }, consumers: { blue: false, green: true } });

function setup(): { store: MemoryRoutingStore; blue: MemoryKafkaAdmin; clusters: MemoryClusterRegistry; archive: MemoryAuditArchive; run: ReturnType<typeof decommission> } {
  const store = new MemoryRoutingStore();
  void store.write('orders', complete);
  const blue = new MemoryKafkaAdmin().addTopic('orders', 3, { configs: { 'retention.ms': '1' } }).produce('orders', 0, 5).catchUp('billing', 'orders');
  const clusters = new MemoryClusterRegistry().add({ arn: BLUE_ARN, name: 'orders-blue', state: 'ACTIVE', currentVersion: 'V1', brokerCount: 3 });
  const archive = new MemoryAuditArchive();
  const ports: DecommissionPorts = { routing: store, clusters, kafka: async () => blue, archive, clock: manualClock(T0), logger: recordingLogger() };
  return { store, blue, clusters, archive, run: decommission(ports) };
}

const input = (plan: Partial<PlanInput> = { decommission: 'delete' }, extra: Record<string, unknown> = {}) => ({
  plan: planInput(plan),
  expected: { arn: BLUE_ARN, currentVersion: 'V1' },
  drainProof: { cluster: 'blue', provenAt: T0 - 60_000, stableForSeconds: 600, groups: 1, partitions: 3 },
  approval: { decision: 'approved', approver: 'U0123ABCD', decidedAt: 'x' },
  executionArn: EXECUTION_ARN,
  ...extra,
});

type World = ReturnType<typeof setup>;

describe('decommission', () => {
  it('writes the snapshot to the audit archive first, then deletes blue with the recorded CurrentVersion', async () => {
    // Prepare
    const { run, clusters, archive } = setup();
    // Act
    const out = await run(input());
    // Assess
    expect(out).toMatchObject({ kind: 'deleted', cluster: { arn: BLUE_ARN, currentVersion: 'V1' }, holds: { topics: 1, partitions: 3, groups: 1 }, snapshot: { key: 'orders/decommission/2026-05-04T10:00:00.000Z.json', versionId: '1' } });
    expect(out.checks.every((c) => c.ok)).toBe(true);
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
    ['phase-complete', async (w: World): Promise<void> => void (await w.store.write('orders', routingDoc({ revision: 10, phase: 'draining', producers: { greenPercent: 100 }, consumers: { blue: true, green: true } }))), {}],
    ['drain-proof', async (): Promise<void> => undefined, { drainProof: null }],
    ['drain-proof', async (): Promise<void> => undefined, { drainProof: { cluster: 'blue', provenAt: T0 - 3 * 86_400_000, stableForSeconds: 600, groups: 1, partitions: 3 } }],
    ['drain-proof', async (): Promise<void> => undefined, { drainProof: { cluster: 'green', provenAt: T0, stableForSeconds: 600, groups: 1, partitions: 3 } }],
    ['approved', async (): Promise<void> => undefined, { approval: null }],
    ['arn-matches', async (): Promise<void> => undefined, { expected: { arn: GREEN_ARN, currentVersion: 'V1' } }],
    ['version-matches', async (): Promise<void> => undefined, { expected: { arn: BLUE_ARN, currentVersion: 'V0' } }],
    ['blue-empty', async (w: World): Promise<void> => void w.blue.produce('orders', 1, 2), {}],
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
