import { KafkaPushSource, type PushedRouting } from '@kraft-canary/client';
import { type Cluster, DEFAULT_CONTROL_TOPIC } from '@kraft-canary/client/contract';
import { type KafkaConfig, logLevel } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { KafkajsControlTopic } from '../../../src/kafka/kafkajs-control-topic.ts';
import { startBlueGreenClusters } from '../../../src/local/blue-green-clusters.ts';
import type { MockKafkaCluster } from '../../../src/local/mock-kafka-cluster.ts';
import { docText, MIGRATION, routingDoc } from '../../support/routing-docs.ts';

let stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.reverse()) await stop();
  stops = [];
});

async function start() {
  const clusters = await startBlueGreenClusters({ brokers: 3, topics: [{ name: DEFAULT_CONTROL_TOPIC, partitions: 1 }] });
  stops.push(async () => {
    await Promise.all([clusters.blue.stop(), clusters.green.stop()]);
  });
  const config = (c: MockKafkaCluster): KafkaConfig => ({ brokers: c.bootstrap, logLevel: logLevel.NOTHING, connectionTimeout: 500 });
  const connections: Record<Cluster, KafkaConfig> = { blue: config(clusters.blue), green: config(clusters.green) };
  const control = new KafkajsControlTopic({ clusters: connections, timeoutMs: 2_000 });
  stops.push(() => control.disconnect());
  return { clusters, connections, control };
}

describe('KafkajsControlTopic', () => {
  it('writes records that the push source reads on both clusters', async () => {
    // Prepare
    const { connections, control } = await start();
    const text = docText(routingDoc(3, 20, { blue: true, green: true }));
    const source = new KafkaPushSource({ migration: MIGRATION, clusters: connections, fetchMaxWaitMs: 100 });
    stops.push(() => source.stop());
    const seen = new Map<Cluster, PushedRouting>();
    const both = new Promise<void>((resolve) => {
      source.start({
        record: (pushed) => {
          seen.set(pushed.cluster, pushed);
          if (seen.size === 2) resolve();
        },
        connection: () => undefined,
      });
    });
    // Act
    await Promise.all([control.publish('blue', MIGRATION, text), control.publish('green', MIGRATION, text)]);
    await both;
    // Assess
    expect([seen.get('blue')?.text, seen.get('green')?.text]).toEqual([text, text]);
  });

  it('fails a publish to a cluster that is down, and publishes again once it is back', async () => {
    // Prepare
    const { clusters, control } = await start();
    const text = docText(routingDoc(3, 20, { blue: true, green: true }));
    await control.publish('green', MIGRATION, text);
    for (const id of clusters.green.brokerIds) await clusters.green.brokerDown(id);
    // Act
    const failure = await control.publish('green', MIGRATION, text).catch((error: unknown) => error);
    for (const id of clusters.green.brokerIds) await clusters.green.brokerUp(id);
    const again = await control.publish('green', MIGRATION, text).then(() => 'published');
    // Assess
    expect(failure).toMatchObject({ name: 'ControlPublishError', retriable: true });
    expect(again).toBe('published');
  });
});
