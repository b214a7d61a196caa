import { describe, expect, it } from 'vitest';
import { FakeKafkaCluster } from '../../support/fakes/fake-kafka-cluster.ts';
import { MemoryClusterRegistry } from '../../support/fakes/memory-cluster-registry.ts';
import { MemoryMetrics } from '../../support/fakes/memory-metrics.ts';
import { BLUE_ARN } from '../../support/rollout-fixtures.ts';

describe('MemoryClusterRegistry', () => {
  it('deletes only with the current CurrentVersion, as MSK does', async () => {
    const registry = new MemoryClusterRegistry().add({ arn: BLUE_ARN, name: 'b', state: 'ACTIVE', currentVersion: 'V2' });
    await expect(registry.delete(BLUE_ARN, 'V1')).rejects.toMatchObject({ name: 'FakeMskError', code: 'BadRequestException' });
    await registry.delete(BLUE_ARN, 'V2');
    expect((await registry.describe(BLUE_ARN)).state).toBe('DELETING');
    await expect(registry.describe('arn:missing')).rejects.toMatchObject({ code: 'NotFoundException' });
  });
});

describe('MemoryMetrics', () => {
  it('samples one point per period inside the window and matches catalog dimensions', async () => {
    // Prepare
    const metrics = new MemoryMetrics().register('AWS/Kafka', 'SumOffsetLag', { 'Cluster Name': 'c', Topic: 't' });
    metrics.source = (_q, at) => at / 60_000;
    const query = { id: 'a', namespace: 'AWS/Kafka', metricName: 'SumOffsetLag', dimensions: {}, stat: 'Maximum' as const, periodSeconds: 60 };
    // Act
    const data = await metrics.read([query], 30_000, 180_000);
    // Assess
    expect(data).toEqual({
      a: [
        { at: 60_000, value: 1 },
        { at: 120_000, value: 2 },
        { at: 180_000, value: 3 },
      ],
    });
    expect(await metrics.dimensionSets('AWS/Kafka', 'SumOffsetLag', { 'Cluster Name': 'c' })).toEqual([{ 'Cluster Name': 'c', Topic: 't' }]);
    expect(await metrics.dimensionSets('AWS/Kafka', 'SumOffsetLag', { 'Cluster Name': 'x' })).toEqual([]);
  });
});

describe('FakeKafkaCluster', () => {
  it('moves watermarks and commits like clients would', async () => {
    // Prepare
    const admin = new FakeKafkaCluster().addTopic('orders', 2).produce('orders', 1, 5).commit('billing', 'orders', 1, 3);
    // Act / Assess
    expect(await admin.topicOffsets('orders')).toEqual([
      { partition: 0, low: 0, high: 0 },
      { partition: 1, low: 0, high: 5 },
    ]);
    expect(await admin.groupOffsets('billing', ['orders'])).toEqual([
      { topic: 'orders', partition: 0, committed: null },
      { topic: 'orders', partition: 1, committed: 3 },
    ]);
    admin.listGroupsSupported = false;
    expect(await admin.listGroups()).toBeNull();
    expect(() => admin.produce('orders', 9, 1)).toThrow(RangeError);
  });
});
