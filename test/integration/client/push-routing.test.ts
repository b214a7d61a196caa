import { connect, type Socket } from 'node:net';
import { CanaryProducer, KafkaPushSource, kafkajsControlCluster, RoutingWatcher, type RoutingWatcherEvents } from '@kraft-canary/client';
import { type Cluster, DEFAULT_CONTROL_TOPIC, type RoutingSource } from '@kraft-canary/client/contract';
import { Kafka, type KafkaConfig, logLevel, type Producer } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { startBlueGreenClusters } from '../../../src/local/blue-green-clusters.ts';
import type { MockKafkaCluster } from '../../../src/local/mock-kafka-cluster.ts';
import { docText, MIGRATION, routingDoc } from '../../support/routing-docs.ts';

const TOPIC = 'orders';
const canary = (revision: number) => routingDoc(revision, 20, { blue: true, green: true });
const rollback = (revision: number) => routingDoc(revision, 0, { blue: true, green: true }, { rolledBack: true });

interface World {
  clusters: Record<Cluster, MockKafkaCluster>;
  connections: Record<Cluster, KafkaConfig>;
  producers: Producer[];
  watchers: RoutingWatcher[];
}

let world: World | null = null;

afterEach(async () => {
  if (!world) return;
  await Promise.all(world.watchers.map((w) => w.stop()));
  await Promise.all(world.producers.map((p) => p.disconnect()));
  await Promise.all([world.clusters.blue.stop(), world.clusters.green.stop()]);
  world = null;
});

async function start(options: { controlTopic?: boolean } = {}): Promise<World> {
  const topics = [{ name: TOPIC, partitions: 3 }, ...(options.controlTopic === false ? [] : [{ name: DEFAULT_CONTROL_TOPIC, partitions: 1 }])];
  const clusters = await startBlueGreenClusters({ brokers: 3, topics });
  const connection = (cluster: MockKafkaCluster): KafkaConfig => ({
    brokers: cluster.bootstrap,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 5_000,
  });
  world = { clusters, connections: { blue: connection(clusters.blue), green: connection(clusters.green) }, producers: [], watchers: [] };
  return world;
}

/** Writes a record to the control topic of one cluster, as the publisher does. */
async function publish(w: World, cluster: Cluster, text: string): Promise<void> {
  const producer = new Kafka({ ...w.connections[cluster], retry: { retries: 2 } }).producer({ allowAutoTopicCreation: false });
  w.producers.push(producer);
  await producer.connect();
  await producer.send({ topic: DEFAULT_CONTROL_TOPIC, messages: [{ key: MIGRATION, value: text }] });
}

/** An SSM stand-in that never changes: only push can bring a new document. */
const staticSource = (text: string | null): RoutingSource & { reads: number } => {
  const source = {
    reads: 0,
    fetch: async () => {
      source.reads += 1;
      return text;
    },
  };
  return source;
};

function watcherOf(w: World, source: RoutingSource, clusters: Partial<Record<Cluster, KafkaConfig>> = w.connections): RoutingWatcher {
  const push = new KafkaPushSource({ migration: MIGRATION, clusters, fetchMaxWaitMs: 200, retry: { baseMs: 100, maxMs: 500 } });
  const watcher = new RoutingWatcher({ migration: MIGRATION, source, push, pollIntervalMs: 60_000 });
  w.watchers.push(watcher);
  return watcher;
}

function next<K extends keyof RoutingWatcherEvents>(watcher: RoutingWatcher, event: K, match: (e: RoutingWatcherEvents[K]) => boolean = () => true) {
  return new Promise<RoutingWatcherEvents[K]>((resolve) => {
    const off = watcher.events.on(event, (payload) => {
      if (!match(payload)) return;
      off();
      resolve(payload);
    });
  });
}

describe('routing pushed over the control topic', () => {
  it('starts from the newest published document and then follows each publication', async () => {
    // Prepare
    const w = await start();
    await publish(w, 'blue', docText(canary(3)));
    await publish(w, 'blue', docText(canary(4)));
    const watcher = watcherOf(w, staticSource(null));
    const first = next(watcher, 'change');
    // Act
    await watcher.start();
    const initial = await first;
    const healthy = watcher.pushHealthy() ? Promise.resolve() : next(watcher, 'push-healthy');
    await healthy;
    const pushed = next(watcher, 'change');
    await publish(w, 'green', docText(rollback(5)));
    const change = await pushed;
    // Assess
    expect(initial).toMatchObject({ via: 'push', revision: 4, cluster: 'blue', fromStaticDefault: true });
    expect(change).toMatchObject({ via: 'push', revision: 5, cluster: 'green', current: { phase: 'rolled-back' } });
  });

  it('ignores a control-topic message that fails acceptance, exactly as from SSM', async () => {
    // Prepare
    const w = await start();
    const watcher = watcherOf(w, staticSource(docText(canary(7))));
    await watcher.start();
    const warnings: RoutingWatcherEvents['warning'][] = [];
    watcher.events.on('warning', (e) => warnings.push(e));
    const changes: number[] = [];
    watcher.events.on('change', (e) => changes.push(e.revision));
    const seen = (code: string) => next(watcher, 'warning', (e) => e.code === code);
    // Act
    const older = seen('older-revision');
    await publish(w, 'blue', docText(canary(6)));
    await older;
    const invalid = seen('malformed-json');
    await publish(w, 'blue', '{"schema":1,"revision":99');
    await invalid;
    const foreign = seen('wrong-migration');
    await publish(w, 'blue', docText(routingDoc(99, 50, { blue: true, green: true }, { migration: 'other-move' })));
    await foreign;
    const accepted = next(watcher, 'change');
    await publish(w, 'blue', docText(rollback(8)));
    // Assess
    expect(await accepted).toMatchObject({ via: 'push', revision: 8 });
    expect(warnings.map((e) => [e.via, e.code])).toEqual([
      ['push', 'older-revision'],
      ['push', 'malformed-json'],
      ['push', 'wrong-migration'],
    ]);
    expect(changes).toEqual([8]);
    expect(watcher.current().revision).toBe(8);
  });

  it('without a control topic stays on polling and never blocks a send', async () => {
    // Prepare: the local brokers answer a missing topic by creating an empty one, so the reader
    // connects and never reads a publication (a real cluster refuses it: ControlTopicMissingError).
    const w = await start({ controlTopic: false });
    const source = staticSource(docText(canary(3)));
    const watcher = watcherOf(w, source);
    const producer = new CanaryProducer({ routing: watcher, clusters: w.connections, instanceId: 'i-1', prewarm: false });
    const reached = next(watcher, 'push-connection', (e) => e.connected);
    // Act
    await watcher.start();
    await producer.connect();
    const sent = await producer.send({ topic: TOPIC, messages: [{ key: 'k', value: 'v' }] });
    await reached;
    await watcher.refresh();
    await producer.disconnect();
    // Assess
    expect(sent.length).toBeGreaterThan(0);
    expect(watcher.pushHealthy()).toBe(false);
    expect(source.reads).toBe(2);
    expect(watcher.current().revision).toBe(3);
  });

  it('with unreachable brokers falls back to polling and never blocks a send', async () => {
    // Prepare
    const w = await start();
    const nowhere: KafkaConfig = { brokers: ['127.0.0.1:1'], logLevel: logLevel.NOTHING, connectionTimeout: 300 };
    const watcher = watcherOf(w, staticSource(docText(canary(3))), { blue: nowhere, green: nowhere });
    const producer = new CanaryProducer({ routing: watcher, clusters: w.connections, instanceId: 'i-1', prewarm: false });
    const refused = next(watcher, 'push-connection', (e) => !e.connected);
    // Act
    await watcher.start();
    await producer.connect();
    const sent = await producer.send({ topic: TOPIC, messages: [{ key: 'k', value: 'v' }] });
    await refused;
    await producer.disconnect();
    // Assess
    expect(sent.length).toBeGreaterThan(0);
    expect(watcher.pushHealthy()).toBe(false);
    expect(watcher.current().revision).toBe(3);
  });

  it('brings a rollback pushed while green is down to blue-connected clients', async () => {
    // Prepare
    const w = await start();
    await publish(w, 'blue', docText(canary(3)));
    await publish(w, 'green', docText(canary(3)));
    const watchers = [watcherOf(w, staticSource(null)), watcherOf(w, staticSource(null))];
    const healthy = watchers.map((watcher) => next(watcher, 'push-healthy'));
    await Promise.all(watchers.map((watcher) => watcher.start()));
    await Promise.all(healthy);
    const greenLost = watchers.map((watcher) => next(watcher, 'push-connection', (e) => e.cluster === 'green' && !e.connected));
    // Act
    for (const id of w.clusters.green.brokerIds) await w.clusters.green.brokerDown(id);
    await Promise.all(greenLost);
    const rolledBack = watchers.map((watcher) => next(watcher, 'change'));
    await publish(w, 'blue', docText(rollback(4)));
    const changes = await Promise.all(rolledBack);
    // Assess
    for (const change of changes) expect(change).toMatchObject({ via: 'push', cluster: 'blue', revision: 4, current: { phase: 'rolled-back' } });
    expect(watchers.map((watcher) => watcher.pushHealthy())).toEqual([true, true]);
  });

  it('waits on one connection per cluster, with no timer re-armed on any connection', async () => {
    // Prepare
    const w = await start();
    await publish(w, 'blue', docText(canary(3)));
    await publish(w, 'green', docText(canary(3)));
    const sockets: Socket[] = [];
    const counted = (config: KafkaConfig): KafkaConfig => ({
      ...config,
      socketFactory: ({ host, port, onConnect }) => {
        const socket = connect({ host, port }, onConnect);
        sockets.push(socket);
        return socket;
      },
    });
    const internals: object[] = [];
    const push = new KafkaPushSource({
      migration: MIGRATION,
      clusters: { blue: counted(w.connections.blue), green: counted(w.connections.green) },
      fetchMaxWaitMs: 200,
      clusterFactory: (connection) => {
        const cluster = kafkajsControlCluster(connection);
        internals.push(cluster);
        return cluster;
      },
    });
    const watcher = new RoutingWatcher({ migration: MIGRATION, source: staticSource(null), push, pollIntervalMs: 60_000 });
    w.watchers.push(watcher);
    const connected = (['blue', 'green'] as const).map((cluster) => next(watcher, 'push-connection', (e) => e.cluster === cluster && e.connected));
    // Act: each reader reports itself connected after its first Fetch answered
    await watcher.start();
    await Promise.all(connected);
    // Assess
    const open = sockets.filter((socket) => !socket.destroyed && !socket.writableEnded);
    expect(open).toHaveLength(2);
    expect(internals).toHaveLength(2);
    expect(internals.flatMap(armedCheckTimers)).toEqual([]);
  });
});

/** kafkajs 2.2.4's per-connection check timers that are armed (each would re-arm itself every 1 ms). */
function armedCheckTimers(cluster: object): unknown[] {
  type Broker = { connectionPool: { pool: { requestQueue: { throttleCheckTimeoutId: unknown } }[] } };
  const pool = (cluster as { brokerPool: { seedBroker: Broker; brokers: Record<string, Broker> } }).brokerPool;
  const brokers = [pool.seedBroker, ...Object.values(pool.brokers)];
  return brokers.flatMap((broker) => broker.connectionPool.pool.map((c) => c.requestQueue.throttleCheckTimeoutId)).filter((id) => id !== null);
}
