import { describe, expect, it } from 'vitest';
import { createDecommissionHandler } from '../../../functions/decommission.ts';
import { MemoryAuditArchive } from '../../../src/local/memory-audit-archive.ts';
import { MemoryRoutingStore } from '../../../src/local/memory-routing-store.ts';
import { FakeKafkaCluster } from '../../support/fakes/fake-kafka-cluster.ts';
import { MemoryClusterRegistry } from '../../support/fakes/memory-cluster-registry.ts';
import { MemoryMetrics } from '../../support/fakes/memory-metrics.ts';
import { recordingLogger } from '../../support/fakes/recording-logger.ts';
import { BLUE_ARN, EXECUTION_ARN, planInput, T0 } from '../../support/rollout-fixtures.ts';

const ctx = {} as never;

function setup() {
  const clusters = new MemoryClusterRegistry().add({ arn: BLUE_ARN, name: 'orders-blue', state: 'ACTIVE', currentVersion: 'V1' });
  const archive = new MemoryAuditArchive();
  const metrics = new MemoryMetrics();
  const run = createDecommissionHandler({
    routing: new MemoryRoutingStore(),
    clusters,
    kafka: async () => new FakeKafkaCluster().addTopic('orders', 1),
    archive,
    metrics,
    catalog: metrics,
    clock: { now: () => T0 },
    logger: recordingLogger(),
  });
  return { clusters, archive, run };
}

describe('functions/decommission', () => {
  it('dry-runs by default', async () => {
    const { run, clusters } = setup();
    const out = await run({ plan: planInput(), expected: { arn: BLUE_ARN, currentVersion: 'V1' }, executionArn: EXECUTION_ARN }, ctx);
    expect(out).toMatchObject({ kind: 'dry-run', holds: { topics: 1 } });
    expect(out.checks.find((c: { name: string }) => c.name === 'blue-no-clients')).toMatchObject({
      ok: false,
      detail: expect.stringContaining('no broker of blue publishes it'),
    });
    expect(clusters.deleted).toEqual([]);
  });

  it('fails on an event without the preflight record', async () => {
    const { run } = setup();
    await expect(run({ plan: planInput(), executionArn: EXECUTION_ARN }, ctx)).rejects.toMatchObject({ name: 'InvalidStepInputError' });
  });
});
