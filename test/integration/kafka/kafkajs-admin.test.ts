import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectOffsets, groupLag } from '../../../src/controller/drain/group-offsets.ts';
import { kafkaConfigFor } from '../../../src/kafka/kafka-config.ts';
import { KafkajsAdmin } from '../../../src/kafka/kafkajs-admin.ts';
import { MockKafkaCluster } from '../../../src/local/mock-kafka-cluster.ts';
import { plan } from '../../support/rollout-fixtures.ts';

let cluster: MockKafkaCluster;
let admin: KafkajsAdmin;

beforeAll(async () => {
  cluster = await MockKafkaCluster.start({
    brokers: 1,
    topics: [
      { name: 'orders', partitions: 3 },
      { name: 'payments', partitions: 2 },
    ],
  });
  const bootstrap = cluster.bootstrap.join(',');
  const config = await kafkaConfigFor({ arn: plan().clusters.blue.arn, bootstrap, auth: { mechanism: 'none' } });
  admin = new KafkajsAdmin(config);
  const kafka = new kafkajs.Kafka({ ...config, clientId: 'seed' });
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  await producer.send({ topic: 'orders', messages: Array.from({ length: 30 }, (_, i) => ({ key: `k${i}`, value: 'v', partition: i % 3 })) });
  await producer.disconnect();
  // The mock serves no DescribeGroups, so offsets are committed by a group member, as services do.
  const consumer = kafka.consumer({ groupId: 'billing', sessionTimeout: 10_000, heartbeatInterval: 500 });
  await consumer.connect();
  await consumer.subscribe({ topic: 'orders', fromBeginning: true });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({ autoCommit: false, eachMessage: async () => undefined });
  await joined;
  await consumer.commitOffsets([
    { topic: 'orders', partition: 0, offset: '10' },
    { topic: 'orders', partition: 1, offset: '10' },
    { topic: 'orders', partition: 2, offset: '4' },
  ]);
  await consumer.disconnect();
});

afterAll(async () => {
  await admin?.disconnect();
  await cluster?.stop();
});

describe('KafkajsAdmin against a Kafka-protocol broker', () => {
  it('lists and describes topics; configs are absent where the broker cannot describe them', async () => {
    // Act
    const topics = await admin.listTopics();
    const described = await admin.describeTopics(['orders']);
    // Assess
    expect(topics).toEqual(['orders', 'payments']);
    expect(described).toHaveLength(1);
    expect(described[0]?.partitions.map((p) => p.partition)).toEqual([0, 1, 2]);
    expect(described[0]?.configs).toBeUndefined();
  });

  it('reads watermarks and committed offsets; a broker without ListGroups answers null', async () => {
    // Act
    const offsets = await admin.topicOffsets('orders');
    const committed = await admin.groupOffsets('billing', ['orders', 'payments']);
    const groups = await admin.listGroups();
    // Assess
    expect(offsets).toEqual([
      { partition: 0, low: 0, high: 10 },
      { partition: 1, low: 0, high: 10 },
      { partition: 2, low: 0, high: 10 },
    ]);
    expect(committed.filter((c) => c.topic === 'orders').map((c) => c.committed)).toEqual([10, 10, 4]);
    expect(committed.filter((c) => c.topic === 'payments').every((c) => c.committed === null)).toBe(true);
    expect(groups).toBeNull();
  });

  it('gives the drain check the plan groups and their lag when groups cannot be listed', async () => {
    // Act
    const snapshot = await collectOffsets(admin, plan());
    // Assess
    expect(snapshot.groupsListed).toBe(false);
    expect(snapshot.groups.map((g) => [g.group, groupLag(g)])).toEqual([['billing', 6]]);
    expect(snapshot.groups[0]?.partitions.every((p) => p.topic === 'orders')).toBe(true);
  });
});
