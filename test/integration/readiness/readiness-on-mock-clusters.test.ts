import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kafkaConfigFor } from '../../../src/kafka/kafka-config.ts';
import { KafkajsAdmin } from '../../../src/kafka/kafkajs-admin.ts';
import { KafkajsGroupInspector } from '../../../src/kafka/kafkajs-group-inspector.ts';
import { MockKafkaCluster } from '../../../src/local/mock-kafka-cluster.ts';
import type { ReadinessPorts } from '../../../src/readiness/readiness-ports.ts';
import { runReadiness } from '../../../src/readiness/run-readiness.ts';
import { FakeTriggers } from '../../support/fakes/fake-lambda-triggers.ts';
import { clusterDescription } from '../../support/fakes/memory-cluster-registry.ts';
import { BLUE_ARN, GREEN_ARN, plan } from '../../support/rollout-fixtures.ts';

const clock = { now: () => Date.parse('2026-05-04T10:00:00.000Z') };
let blue: MockKafkaCluster;
let green: MockKafkaCluster;
const closers: (() => Promise<void>)[] = [];

async function side(cluster: MockKafkaCluster, arn: string) {
  const config = await kafkaConfigFor({ arn, bootstrap: cluster.bootstrap.join(','), auth: { mechanism: 'none' } });
  const kafka = new KafkajsAdmin(config);
  const groups = new KafkajsGroupInspector(config);
  closers.push(
    () => kafka.disconnect(),
    () => groups.disconnect(),
  );
  return { kafka, groups, config };
}

beforeAll(async () => {
  [blue, green] = await Promise.all([
    MockKafkaCluster.start({
      brokers: 1,
      topics: [
        { name: 'orders', partitions: 3 },
        { name: 'payments', partitions: 2 },
      ],
    }),
    MockKafkaCluster.start({ brokers: 1, topics: [{ name: 'orders', partitions: 3 }] }),
  ]);
  const { config } = await side(blue, BLUE_ARN);
  const client = new kafkajs.Kafka({ ...config, clientId: 'seed' });
  const producer = client.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  await producer.send({ topic: 'orders', messages: Array.from({ length: 30 }, (_, i) => ({ value: 'v', partition: i % 3 })) });
  await producer.disconnect();
  // The mock serves no DescribeGroups or ListGroups: offsets come from a member's commit.
  const consumer = client.consumer({ groupId: 'billing', sessionTimeout: 10_000, heartbeatInterval: 500 });
  await consumer.connect();
  await consumer.subscribe({ topic: 'orders', fromBeginning: true });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.run({ autoCommit: false, eachMessage: async () => undefined });
  await joined;
  await consumer.commitOffsets([0, 1, 2].map((partition) => ({ topic: 'orders', partition, offset: '9' })));
  await consumer.disconnect();
});

afterAll(async () => {
  await Promise.allSettled(closers.map((close) => close()));
  await Promise.allSettled([blue?.stop(), green?.stop()]);
});

describe('readiness over kafkajs against Kafka-protocol brokers without ListGroups, DescribeGroups or DescribeConfigs', () => {
  it('falls back to the plan groups and says so, records the lag baseline, and reports what the brokers cannot tell', async () => {
    // Prepare
    const msk = new Map([
      [BLUE_ARN, clusterDescription({ arn: BLUE_ARN })],
      [GREEN_ARN, clusterDescription({ arn: GREEN_ARN, kafkaVersion: '4.0.x' })],
    ]);
    const ports: ReadinessPorts = {
      clusters: { describe: async (arn) => msk.get(arn) ?? clusterDescription() },
      blue: await side(blue, BLUE_ARN),
      green: await side(green, GREEN_ARN),
      triggers: new FakeTriggers(),
    };

    // Act
    const report = await runReadiness(ports, clock)(plan({ consumerGroups: ['billing'] }));

    // Assess
    expect(report.baseline).toEqual([{ group: 'billing', state: null, members: null, topics: ['orders'], lag: 3 }]);
    const notes = report.rows.filter((r) => r.status !== 'ok').map((r) => `${r.check} ${r.status}: ${r.details}`);
    expect(notes).toEqual([
      'topics fail: 1 of 2 blue topics match on green',
      'topics/orders warn: configs not compared: the blue broker cannot describe configs',
      'topics/payments fail: missing on green (2 partitions on blue)',
      "consumers warn: blue cannot list consumer groups (ListGroups unsupported): checked the plan's consumerGroups only (1)",
      'consumers warn: blue cannot describe consumer groups (DescribeGroups unsupported): group state not checked, lag only',
      expect.stringMatching(/^consumers\/green warn: green cannot list consumer groups \(ListGroups unsupported\)/),
      'authorization/iam warn: the plan names no clients.principals: client access to green is not checked',
    ]);
    expect(report.pending.map((p) => p.description)).toEqual(['create payments on green with 2 partitions, replication factor 1, 0 topic configs']);
  });
});
