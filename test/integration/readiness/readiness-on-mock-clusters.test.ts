import kafkajs from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readinessTable } from '../../../src/cli/readiness/readiness-table.ts';
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
        { name: 'scorer-totals-changelog', partitions: 3 },
        { name: 'scorer-by-key-repartition', partitions: 3 },
        { name: 'connect-offsets', partitions: 1 },
      ],
    }),
    MockKafkaCluster.start({ brokers: 1, topics: [{ name: 'orders', partitions: 3 }] }),
  ]);
  const { config } = await side(blue, BLUE_ARN);
  const client = new kafkajs.Kafka({ ...config, clientId: 'seed' });
  const producer = client.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  await producer.send({ topic: 'orders', messages: Array.from({ length: 30 }, (_, i) => ({ value: 'v', partition: i % 3 })) });
  await producer.send({ topic: 'scorer-totals-changelog', messages: [{ key: 'c1', value: '3', partition: 0 }] });
  await producer.disconnect();
  // The mock serves no DescribeGroups or ListGroups: offsets come from a member's commit.
  const commitAs = async (groupId: string, offset: string) => {
    const consumer = client.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 500 });
    await consumer.connect();
    await consumer.subscribe({ topic: 'orders', fromBeginning: true });
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    await consumer.run({ autoCommit: false, eachMessage: async () => undefined });
    await joined;
    await consumer.commitOffsets([0, 1, 2].map((partition) => ({ topic: 'orders', partition, offset })));
    await consumer.disconnect();
  };
  await commitAs('billing', '9');
  // A Kafka Streams application (its application.id is the group) and a Connect sink, both caught up on orders.
  await commitAs('scorer', '10');
  await commitAs('connect-s3-sink', '10');
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
    const report = await runReadiness(ports, clock)(plan({ consumerGroups: ['billing'], topics: { exclude: ['scorer-*', 'connect-*'] } }));

    // Assess
    expect(report.baseline).toEqual([{ group: 'billing', state: null, members: null, topics: ['orders'], lag: 3 }]);
    const notes = report.rows.filter((r) => r.status !== 'ok').map((r) => `${r.check} ${r.status}: ${r.details}`);
    expect(notes).toEqual([
      'topics fail: 1 of 2 blue topics match on green',
      'topics/orders warn: configs not compared: the blue broker cannot describe configs',
      'topics/payments fail: missing on green (2 partitions on blue)',
      "consumers warn: blue cannot list consumer groups (ListGroups unsupported): checked the plan's consumerGroups and movers only (1)",
      'consumers warn: blue cannot describe consumer groups (DescribeGroups unsupported): group state not checked, lag only',
      expect.stringMatching(/^consumers\/green warn: green cannot list consumer groups \(ListGroups unsupported\)/),
      'authorization/iam warn: the plan names no clients.principals: client access to green is not checked',
    ]);
    expect(report.pending.map((p) => p.description)).toEqual(['create payments on green with 2 partitions, replication factor 1, 0 topic configs']);
  });

  it('classifies the plan groups by the topics on blue and judges the movers; without DescribeConfigs retention is unknown', async () => {
    // Prepare
    const ports: ReadinessPorts = {
      clusters: { describe: async (arn) => clusterDescription({ arn }) },
      blue: await side(blue, BLUE_ARN),
      green: await side(green, GREEN_ARN),
      triggers: new FakeTriggers(),
    };
    const movers = [
      {
        group: 'scorer',
        kind: 'streams' as const,
        move: { lambda: 'arn:aws:lambda:eu-west-1:111122223333:function:scorer-move' },
        state: { strategy: 'replicate' as const, replicatedBy: { tool: 'msk-replicator' as const, name: 'orders-state' } },
      },
      { group: 'connect-s3-sink', kind: 'connect' as const, move: { slack: true as const }, state: { strategy: 'reprocess' as const } },
    ];

    // Act
    const report = await runReadiness(ports, clock)(plan({ consumerGroups: ['billing'], topics: { exclude: ['scorer-*', 'connect-*'] }, movers }));
    const rows = report.rows.filter((r) => r.check.startsWith('groups') || r.check.startsWith('movers/') || r.check === 'consumers/green');
    console.info(readinessTable(rows));

    // Assess
    expect(rows.map((r) => [r.check, r.status])).toEqual([
      ['consumers/green', 'ok'],
      ['consumers/green', 'warn'],
      ['groups', 'ok'],
      ['groups/billing', 'ok'],
      ['groups/scorer', 'ok'],
      ['groups/connect-s3-sink', 'ok'],
      ['movers/scorer/retention', 'warn'],
      ['movers/scorer/state', 'fail'],
      ['movers/connect-s3-sink/retention', 'warn'],
      ['movers/connect-s3-sink/state', 'warn'],
    ]);
    expect(rows.find((r) => r.check === 'groups/scorer')?.details).toContain(
      'Kafka Streams (Kafka Streams internal topics scorer-totals-changelog, scorer-by-key-repartition)',
    );
    expect(rows.find((r) => r.check === 'movers/scorer/state')?.details).toBe(
      'replicate by msk-replicator orders-state: scorer-totals-changelog hold nothing on green yet: start the replication before the move',
    );
  });
});
