import { describe, expect, it } from 'vitest';
import { dryRunKafka } from '../../../../src/controller/preflight/dry-run-kafka.ts';
import { dryRunFlags, dryRunRouting } from '../../../../src/controller/preflight/dry-run-ports.ts';
import { MemoryRoutingStore } from '../../../../src/local/memory-routing-store.ts';
import { FakeKafkaCluster } from '../../../support/fakes/fake-kafka-cluster.ts';
import { plan, routingDoc } from '../../../support/rollout-fixtures.ts';

describe('dry-run ports', () => {
  it('flags: creates and deletes are seen by later reads, recorded, and never reach the store', async () => {
    // Prepare
    const real = new MemoryRoutingStore();
    await real.create('/kc/orders/rolled-back', '{}');
    const lines: string[] = [];
    const flags = dryRunFlags(real, (l) => lines.push(l));
    // Act
    const created = [await flags.create('/kc/orders/lock', 'run-1'), await flags.create('/kc/orders/lock', 'run-2')];
    await flags.remove('/kc/orders/rolled-back');
    await flags.remove('/kc/orders/absent');
    // Assess
    expect(created).toEqual([true, false]);
    expect([await flags.get('/kc/orders/lock'), await flags.get('/kc/orders/rolled-back')]).toEqual(['run-1', null]);
    expect(lines).toEqual(['create /kc/orders/lock', 'delete /kc/orders/rolled-back']);
    expect([await real.get('/kc/orders/lock'), await real.get('/kc/orders/rolled-back')]).toEqual([null, '{}']);
  });

  it('routing: a write is read back with the next version and shows in the history, the store unchanged', async () => {
    // Prepare
    const real = new MemoryRoutingStore();
    real.writeText('orders', JSON.stringify(routingDoc()));
    const lines: string[] = [];
    const routing = dryRunRouting(real, (l) => lines.push(l));
    // Act
    const version = await routing.write('orders', routingDoc({ revision: 2, reason: 'rollout started' }));
    // Assess
    expect(version).toBe(2);
    expect((await routing.read('orders'))?.version).toBe(2);
    expect((await routing.historySince('orders', 0)).map((v) => v.version)).toEqual([1, 2]);
    expect((await real.historySince('orders', 0)).map((v) => v.version)).toEqual([1]);
    expect(lines).toEqual(['write the routing document of orders: idle, 0% green, revision 2 (rollout started)']);
  });

  it('kafka: topics and configs it would set on green are answered as set, and green is left alone', async () => {
    // Prepare
    const green = new FakeKafkaCluster().addTopic('payments', 1, { configs: { 'retention.ms': '1' } });
    const lines: string[] = [];
    const admins = dryRunKafka(
      async () => green,
      (l) => lines.push(l),
    );
    const admin = await admins(plan(), 'green');
    // Act
    await admin.createTopics([{ name: 'orders', partitions: 2, replicationFactor: 3, configs: { 'cleanup.policy': 'compact' } }]);
    await admin.alterTopicConfigs('payments', { 'retention.ms': '2' });
    // Assess
    expect((await admin.listTopics()).sort()).toEqual(['orders', 'payments']);
    expect(await admin.describeTopics(['orders', 'payments'])).toEqual([
      { name: 'payments', partitions: [{ partition: 0, replicas: 3 }], configs: { 'retention.ms': '2' } },
      {
        name: 'orders',
        partitions: [
          { partition: 0, replicas: 3 },
          { partition: 1, replicas: 3 },
        ],
        configs: { 'cleanup.policy': 'compact' },
      },
    ]);
    expect(await admin.topicOffsets('orders')).toEqual([
      { partition: 0, low: 0, high: 0 },
      { partition: 1, low: 0, high: 0 },
    ]);
    expect(await green.listTopics()).toEqual(['payments']);
    expect((await green.describeTopics(['payments']))[0]?.configs).toEqual({ 'retention.ms': '1' });
    expect(lines).toEqual(['create topic orders on green (2 partitions, replication factor 3)', 'set the topic configs of payments on green (1 configs)']);
  });
});
