import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { MockKafkaCluster } from '../../../src/local/mock-kafka-cluster.ts';

const started: MockKafkaCluster[] = [];
const launch = async (brokers: number) => {
  const cluster = await MockKafkaCluster.start({ brokers, topics: [{ name: 'events', partitions: 3 }] });
  started.push(cluster);
  return cluster;
};
const kafkaFor = (cluster: MockKafkaCluster) =>
  new Kafka({ clientId: 'mock-test', brokers: cluster.bootstrap, logLevel: logLevel.NOTHING, connectionTimeout: 1000, retry: { retries: 2 } });

afterAll(async () => {
  await Promise.all(started.map((cluster) => cluster.stop()));
});

describe('MockKafkaCluster', () => {
  it('runs two independent clusters in one process that kafkajs produces to and lists offsets from', async () => {
    // Prepare
    const [blue, green] = await Promise.all([launch(3), launch(2)]);
    const admins = [kafkaFor(blue).admin(), kafkaFor(green).admin()];
    const producer = kafkaFor(blue).producer({ retry: { retries: 0 } });
    await Promise.all([producer.connect(), ...admins.map((a) => a.connect())]);

    // Act
    await producer.send({ topic: 'events', messages: [{ key: 'k', value: 'v', partition: 1 }] });
    const [blueOffsets, greenOffsets] = await Promise.all(admins.map((a) => a.fetchTopicOffsets('events')));
    await Promise.all([producer.disconnect(), ...admins.map((a) => a.disconnect())]);

    // Assess
    expect(blue.brokerIds).toEqual([1, 2, 3]);
    expect(green.bootstrap).toHaveLength(2);
    expect(blueOffsets?.find((p) => p.partition === 1)?.high).toBe('1');
    expect(greenOffsets?.map((p) => p.high)).toEqual(['0', '0', '0']);
  });

  it('takes a broker down so that sends to its partitions fail, and brings it back', async () => {
    // Prepare: one broker, so that it leads every partition
    const cluster = await launch(1);
    const producer = kafkaFor(cluster).producer({ retry: { retries: 0 } });
    await producer.connect();
    const sendToAll = () => Promise.allSettled([0, 1, 2].map((partition) => producer.send({ topic: 'events', messages: [{ value: 'x', partition }] })));

    // Act
    // brokerDown returns once the broker's own thread has closed its connections and refuses new
    // ones, so the very next sends meet a broker that is down: no wait, no retry loop.
    await cluster.brokerDown(1);
    const whileDown = await sendToAll();
    await cluster.brokerUp(1);
    const afterUp = await sendToAll();
    await producer.disconnect();

    // Assess
    expect(whileDown.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(afterUp.every((r) => r.status === 'fulfilled')).toBe(true);
  });

  it('refuses unknown brokers (also as a group coordinator), oversized replication and use after stop', async () => {
    // Prepare
    const cluster = await launch(1);

    // Act
    const unknownBroker = await cluster.brokerDown(5).catch((error: Error) => error.message);
    const unknownCoordinator = await cluster.setGroupCoordinator('g', 2).catch((error: Error) => error.message);
    const tooManyReplicas = await cluster.createTopic({ name: 'wide', partitions: 1, replicationFactor: 2 }).catch((error: Error) => error.message);
    await cluster.stop();

    // Assess
    expect(unknownBroker).toBe('no broker 5; brokers are 1..1');
    expect(unknownCoordinator).toBe('no broker 2; brokers are 1..1');
    expect(tooManyReplicas).toBe('topic wide: replication 2 exceeds 1 brokers');
    expect(() => cluster.bootstrap).toThrow('not running');
    await expect(cluster.stop()).resolves.toBeUndefined();
  });
});
