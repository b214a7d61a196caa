import { CanaryConsumer, CanaryProducer, PartialSendError, RoutingWatcher } from '@kraft-canary/client';
import type { RoutingDocument, RoutingMode } from '@kraft-canary/client/contract';
import { bucketOf, type Cluster } from '@kraft-canary/client/contract';
import { Kafka, type KafkaConfig, logLevel, Partitioners } from 'kafkajs';
import { startBlueGreenClusters } from '../../src/local/blue-green-clusters.ts';
import { MemoryRoutingStore } from '../../src/local/memory-routing-store.ts';
import type { MockKafkaCluster } from '../../src/local/mock-kafka-cluster.ts';
import { MIGRATION, routingDoc } from './routing-docs.ts';

export { MIGRATION, routingDoc };

export const TOPIC = 'orders';
/** Partitions of TOPIC on each cluster, unless a test asks startBlueGreen for another count. */
export const TOPIC_PARTITIONS = 6;
/** The consumer group of startLedgerConsumer, unless a test names another. */
export const GROUP_ID = 'orders-service';

/** Fast group timings for the mock broker, whose rebalance waits sessionTimeout - 1 s. */
export const FAST_CONSUMER = { sessionTimeout: 6_000, rebalanceTimeout: 6_000, heartbeatInterval: 300, maxWaitTimeInMs: 200 };

export interface BlueGreen {
  readonly blue: MockKafkaCluster;
  readonly green: MockKafkaCluster;
  readonly connections: Record<Cluster, KafkaConfig>;
  stop(): Promise<void>;
}

export async function startBlueGreen(partitions = TOPIC_PARTITIONS): Promise<BlueGreen> {
  const { blue, green } = await startBlueGreenClusters({ brokers: 3, topics: [{ name: TOPIC, partitions }] });
  const connection = (cluster: MockKafkaCluster, name: Cluster): KafkaConfig => ({
    clientId: `test-${name}`,
    brokers: cluster.bootstrap,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 5_000,
    retry: { retries: 3, initialRetryTime: 100, maxRetryTime: 1_000 },
  });
  return {
    blue,
    green,
    connections: { blue: connection(blue, 'blue'), green: connection(green, 'green') },
    stop: async () => {
      await Promise.all([blue.stop(), green.stop()]);
    },
  };
}

/**
 * The broker that leads the partition kafkajs's default partitioner picks for `key` on TOPIC.
 * The local brokers place each partition's leader at random, so a test that takes "a broker"
 * down must ask which one carries its traffic; a broker that leads nothing fails no send.
 */
export async function leaderFor(connection: KafkaConfig, key: string): Promise<number> {
  const admin = new Kafka(connection).admin();
  await admin.connect();
  try {
    const [topic] = (await admin.fetchTopicMetadata({ topics: [TOPIC] })).topics;
    const partitionMetadata = topic?.partitions ?? [];
    const partition = Partitioners.DefaultPartitioner()({ topic: TOPIC, partitionMetadata, message: { key, value: null } });
    const leader = partitionMetadata.find((p) => p.partitionId === partition)?.leader;
    if (leader === undefined) throw new Error(`no leader for ${TOPIC}/${partition} (key ${key})`);
    return leader;
  } finally {
    await admin.disconnect();
  }
}

/** One routing store and every watcher reading it; publish() makes them all see the change now. */
export class RoutingDriver {
  readonly store = new MemoryRoutingStore();
  readonly watchers: RoutingWatcher[] = [];
  #revision = 0;

  watcher(): RoutingWatcher {
    const watcher = new RoutingWatcher({ migration: MIGRATION, source: this.store.sourceFor(MIGRATION), pollIntervalMs: 200 });
    this.watchers.push(watcher);
    return watcher;
  }

  async publish(greenPercent: number, consumers: { blue: boolean; green: boolean }, rolledBack = false): Promise<void> {
    this.#revision += 1;
    await this.store.write(MIGRATION, routingDoc(this.#revision, greenPercent, consumers, { rolledBack }));
    await Promise.all(this.watchers.map((w) => w.refresh()));
  }

  /** Publishes a document as the controller built it (its revision is the document's own). */
  async publishDocument(doc: RoutingDocument): Promise<void> {
    this.#revision = doc.revision;
    await this.store.write(MIGRATION, doc);
    await Promise.all(this.watchers.map((w) => w.refresh()));
  }

  stop(): void {
    for (const watcher of this.watchers) watcher.stop();
  }
}

export interface Sent {
  readonly producer: string;
  readonly key: string;
  readonly seq: number;
}

export interface Consumed extends Sent {
  readonly cluster: Cluster;
  readonly partition: number;
  readonly offset: string;
}

/** Every acknowledged, failed and consumed message, for exact accounting. */
export class Ledger {
  readonly acked = new Set<string>();
  readonly failed = new Set<string>();
  readonly errors: unknown[] = [];
  readonly consumed: Consumed[] = [];
  readonly #seen = new Map<string, number>();

  static id(m: Sent): string {
    return `${m.producer}/${m.seq}`;
  }

  record(cluster: Cluster, value: Buffer | null, partition = -1, offset = ''): void {
    const m = JSON.parse(String(value)) as Sent;
    this.consumed.push({ ...m, cluster, partition, offset });
    const id = Ledger.id(m);
    this.#seen.set(id, (this.#seen.get(id) ?? 0) + 1);
  }

  lost(): string[] {
    return [...this.acked].filter((id) => !this.#seen.has(id));
  }

  duplicated(): string[] {
    return [...this.#seen].filter(([, n]) => n > 1).map(([id]) => id);
  }

  /** Messages found at two or more positions (cluster, partition, offset): written twice. */
  writtenTwice(): string[] {
    return [...this.#positions()].filter(([, at]) => at.size > 1).map(([id]) => id);
  }

  /** Every repeated handling of a message at a position already handled: redeliveries by its consumer group. */
  redelivered(): Consumed[] {
    const handled = new Set<string>();
    return this.consumed.filter((m) => {
      const at = `${Ledger.id(m)} ${m.cluster}/${m.partition}@${m.offset}`;
      if (handled.has(at)) return true;
      handled.add(at);
      return false;
    });
  }

  #positions(): Map<string, Set<string>> {
    const out = new Map<string, Set<string>>();
    for (const m of this.consumed) {
      const at = out.get(Ledger.id(m)) ?? new Set<string>();
      at.add(`${m.cluster}/${m.partition}@${m.offset}`);
      out.set(Ledger.id(m), at);
    }
    return out;
  }

  /** Consumed messages that were neither acknowledged nor reported failed: must be none. */
  unaccounted(): string[] {
    return [...this.#seen.keys()].filter((id) => !this.acked.has(id) && !this.failed.has(id));
  }

  uniqueConsumed(): number {
    return this.#seen.size;
  }

  /**
   * Per producer and key, the sequence numbers in the order each cluster first delivered them
   * (a redelivery after a rebalance replays already-seen messages; it is counted by duplicated()).
   */
  sequences(): Map<string, Record<Cluster, number[]>> {
    const out = new Map<string, Record<Cluster, number[]>>();
    const first = new Set<string>();
    for (const m of this.consumed) {
      const id = Ledger.id(m);
      if (first.has(id)) continue;
      first.add(id);
      const k = `${m.producer}/${m.key}`;
      const entry = out.get(k) ?? { blue: [], green: [] };
      entry[m.cluster].push(m.seq);
      out.set(k, entry);
    }
    return out;
  }
}

export const isIncreasing = (seqs: readonly number[]): boolean => seqs.every((s, i) => i === 0 || s > (seqs[i - 1] as number));

/**
 * Waits for `condition` to become true, which some event of the test (an acknowledgement, a
 * failed send, a group generation) makes it; `timeoutMs` only bounds a wait that never ends,
 * and then fails the test with what it waited for, at the step that stalled. The deadline runs
 * on the monotonic clock, so a wall-clock adjustment can neither cut a wait short nor stretch it.
 */
export async function reach(what: string, condition: () => boolean, timeoutMs = 30_000, stepMs = 5): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}

/**
 * A point in each producer's sequence that its load may not pass before the test has taken a
 * step (a routing change, a broker fault). The load runs freely and waits here only when it
 * gets ahead of the test, so the step always lands with part of the load still to come, however
 * fast or slow the machine is.
 */
export class Checkpoint {
  readonly #opened: Promise<void>;
  #open: () => void = () => {};

  readonly seq: number;

  constructor(seq: number) {
    this.seq = seq;
    this.#opened = new Promise((resolve) => {
      this.#open = resolve;
    });
  }

  open(): void {
    this.#open();
  }

  passed(): Promise<void> {
    return this.#opened;
  }
}

const assignments = new WeakMap<CanaryConsumer, Map<Cluster, number>>();

/** True once every member got partitions on every listed cluster in its latest generation. */
export const groupSettled = (consumers: readonly CanaryConsumer[], clusters: readonly Cluster[]): boolean =>
  consumers.every((c) => clusters.every((cluster) => (assignments.get(c)?.get(cluster) ?? 0) > 0));

/**
 * Settled, and on every listed cluster the members' latest assignments cover all `partitions`
 * of the topic. On the local brokers a member that failed and rejoined leaves its old member id
 * in the group until that session times out, and the group's leader hands that ghost partitions
 * too; when it times out the group rebalances again. Full coverage by the live members is the
 * generation that has no ghost left, whenever the broker gets round to dropping it.
 */
export const groupStable = (consumers: readonly CanaryConsumer[], clusters: readonly Cluster[], partitions = TOPIC_PARTITIONS): boolean =>
  groupSettled(consumers, clusters) &&
  clusters.every((cluster) => consumers.reduce((sum, c) => sum + (assignments.get(c)?.get(cluster) ?? 0), 0) === partitions);

/** A canary consumer in the test group that records every message it handles into the ledger. */
export async function startLedgerConsumer(driver: RoutingDriver, env: BlueGreen, ledger: Ledger, groupId = GROUP_ID): Promise<CanaryConsumer> {
  const consumer = new CanaryConsumer({
    routing: driver.watcher(),
    groupId,
    clusters: env.connections,
    consumerConfig: FAST_CONSUMER,
    restartBackoff: { baseMs: 200, maxMs: 2_000 },
  });
  const assigned = new Map<Cluster, number>();
  assignments.set(consumer, assigned);
  consumer.events.on('cluster', (e) => {
    if (e.state === 'joined') assigned.set(e.cluster, e.partitions ?? 0);
    if (e.state === 'stopped' || e.state === 'failed') assigned.delete(e.cluster);
  });
  await consumer.subscribe({ topics: [TOPIC], fromBeginning: true });
  await consumer.run({ eachMessage: async ({ cluster, message, partition }) => ledger.record(cluster, message.value, partition, message.offset) });
  return consumer;
}

export interface LoadOptions {
  readonly name: string;
  readonly total: number;
  readonly keys: number;
  readonly batch: number;
  /** Sends kept in flight at once by this producer. */
  readonly window: number;
  /** Pause between sends, to stretch the load over a fault. */
  readonly pauseMs?: number;
  /** Points in this producer's sequence it waits at until the test opens them. */
  readonly checkpoints?: readonly Checkpoint[];
}

/**
 * Sends `total` sequence-numbered messages and records each as acknowledged or failed in the
 * ledger. A PartialSendError splits the accounting per cluster, as a careful caller would.
 */
export async function produceLoad(producer: CanaryProducer, ledger: Ledger, options: LoadOptions): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  for (let seq = 0; seq < options.total; seq += options.batch) {
    for (const checkpoint of options.checkpoints ?? []) if (seq + options.batch > checkpoint.seq) await checkpoint.passed();
    const messages = Array.from({ length: Math.min(options.batch, options.total - seq) }, (_, i) => {
      const s = seq + i;
      const key = `key-${s % options.keys}`;
      return { key, value: JSON.stringify({ producer: options.name, key, seq: s }) };
    });
    const sent = producer.send({ topic: TOPIC, messages }).then(
      () => markAll(ledger.acked, messages),
      (error: unknown) => accountFailure(ledger, messages, error),
    );
    inFlight.add(sent);
    void sent.finally(() => inFlight.delete(sent));
    if (inFlight.size >= options.window) await Promise.race(inFlight);
    await new Promise((resolve) => (options.pauseMs ? setTimeout(resolve, options.pauseMs) : setImmediate(resolve)));
  }
  await Promise.all(inFlight);
}

const idOf = (message: { value: unknown }) => Ledger.id(JSON.parse(String(message.value)) as Sent);
const markAll = (set: Set<string>, messages: readonly { value: unknown }[]) => {
  for (const m of messages) set.add(idOf(m));
};

function accountFailure(ledger: Ledger, messages: readonly { value: unknown }[], error: unknown): void {
  ledger.errors.push(error);
  if (!(error instanceof PartialSendError)) {
    markAll(ledger.failed, messages);
    return;
  }
  for (const part of error.acknowledged) for (const t of part.topicMessages) markAll(ledger.acked, t.messages as { value: unknown }[]);
  for (const part of error.failed) for (const t of part.topicMessages) markAll(ledger.failed, t.messages as { value: unknown }[]);
}

/** A unit id (instance id or key) whose bucket lies in [low, high). */
export function unitIn(low: number, high: number, prefix: string): string {
  for (let i = 0; ; i++) {
    const bucket = bucketOf(MIGRATION, `${prefix}-${i}`);
    if (bucket >= low && bucket < high) return `${prefix}-${i}`;
  }
}

export function canaryProducer(driver: RoutingDriver, env: BlueGreen, instanceId: string, mode: RoutingMode): CanaryProducer {
  return new CanaryProducer({ routing: driver.watcher(), instanceId, mode, clusters: env.connections });
}
