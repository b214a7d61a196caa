import { type KafkaConfig, Partitioners } from 'kafkajs';
import { type BackoffPolicy, backoffDelay } from '../backoff.ts';
import type { Cluster } from '../contract/bucket.ts';
import { ControlTopicMissingError } from '../errors.ts';
import type { PushListener, Random, Timers } from '../ports.ts';
import type { ControlBroker, ControlCluster, ControlClusterFactory, FetchedRecord } from './kafkajs-control-cluster.ts';

export interface ControlTopicReaderOptions {
  readonly cluster: Cluster;
  readonly connection: KafkaConfig;
  readonly topic: string;
  readonly migration: string;
  readonly fetchMaxWaitMs: number;
  /** Records read back from the end at start; the newest of them for the migration is delivered. */
  readonly lookback: number;
  readonly retry: BackoffPolicy;
  readonly timers: Timers;
  readonly random: Random;
  readonly clusterFactory: ControlClusterFactory;
  readonly listener: PushListener;
}

const READ_UNCOMMITTED = 0;
const MAX_BYTES = 1024 * 1024;
const partitioner = Partitioners.DefaultPartitioner();

/**
 * Reads one cluster's control topic without a consumer group: the partition that holds the
 * migration's key (the producer's default, Java-compatible murmur2 partitioner), from a few
 * records before the end, with long-polling Fetch requests to its leader. Any failure drops the
 * connections, reports "not connected", backs off and starts again from the last offset read.
 */
export class ControlTopicReader {
  readonly #options: ControlTopicReaderOptions;
  readonly #key: Buffer;
  #cluster: ControlCluster | null = null;
  #offset: bigint | null = null;
  /** While catching up: the offset where the start-up read ends, and the newest record so far. */
  #catchUpEnd: bigint | null = null;
  #catchUpLatest: FetchedRecord | null = null;
  #connected: boolean | null = null;
  #failures = 0;
  #running = false;
  #loop: Promise<void> | null = null;
  #wake: (() => void) | null = null;
  /** Settles when stop() is called; a session still waiting on a broker is abandoned then. */
  #halted: Promise<void> = Promise.resolve();
  #halt: () => void = () => undefined;

  constructor(options: ControlTopicReaderOptions) {
    this.#options = options;
    this.#key = Buffer.from(options.migration);
  }

  start(): void {
    if (this.#loop) return;
    this.#running = true;
    this.#halted = new Promise((resolve) => {
      this.#halt = resolve;
    });
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#running = false;
    this.#halt();
    this.#wake?.();
    await this.#dropCluster();
    await this.#loop;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      try {
        // kafkajs stops timing a connection's requests once it is closed, so a Fetch in flight
        // when stop() closes it may never settle: stop() does not wait for it.
        const session = this.#session();
        session.catch(() => undefined);
        await Promise.race([session, this.#halted]);
      } catch (error) {
        if (!this.#running) break;
        this.#failures += 1;
        this.#report(false, (error as { name?: unknown })?.name);
        await this.#dropCluster();
        await this.#sleep(backoffDelay(this.#failures, this.#options.retry, this.#options.random));
      }
    }
  }

  async #session(): Promise<void> {
    const { connection, clusterFactory } = this.#options;
    // One retry policy: this loop's back-off. kafkajs's own retries would only hide the outage.
    const cluster = clusterFactory({ ...connection, retry: { retries: 0 } });
    this.#cluster = cluster;
    try {
      await this.#read(cluster);
    } finally {
      // stop() may have come while connect() was still opening sockets.
      if (!this.#running) await cluster.disconnect().catch(() => undefined);
    }
  }

  async #read(cluster: ControlCluster): Promise<void> {
    const { topic } = this.#options;
    await cluster.connect();
    await cluster.addTargetTopic(topic);
    const partitions = cluster.findTopicPartitionMetadata(topic);
    if (partitions.length === 0) throw new ControlTopicMissingError(topic);
    const partition = partitioner({ topic, partitionMetadata: partitions as never, message: { key: this.#key, value: null } });
    const leader = partitions.find((p) => p.partitionId === partition)?.leader;
    if (leader === null || leader === undefined || leader < 0) throw new ControlTopicMissingError(topic);
    const broker = await cluster.findBroker({ nodeId: String(leader) });
    if (this.#offset === null) await this.#startOffsets(cluster, partition);
    // From here on only the leader's Fetch connection is used: one socket per cluster.
    await cluster.releaseIdleConnections?.(broker);
    while (this.#running) await this.#fetchOnce(broker, partition);
  }

  async #startOffsets(cluster: ControlCluster, partition: number): Promise<void> {
    const { topic, lookback } = this.#options;
    const offsetOf = async (fromBeginning: boolean) => {
      const [answer] = await cluster.fetchTopicsOffset([{ topic, partitions: [{ partition }], fromBeginning }]);
      return BigInt(answer?.partitions.find((p) => p.partition === partition)?.offset ?? '0');
    };
    const [earliest, latest] = await Promise.all([offsetOf(true), offsetOf(false)]);
    const from = latest - BigInt(lookback);
    this.#offset = from > earliest ? from : earliest;
    this.#catchUpEnd = latest;
  }

  async #fetchOnce(broker: ControlBroker, partition: number): Promise<void> {
    const { topic, fetchMaxWaitMs } = this.#options;
    const offset = this.#offset ?? 0n;
    const response = await broker.fetch({
      replicaId: -1,
      isolationLevel: READ_UNCOMMITTED,
      maxWaitTime: fetchMaxWaitMs,
      minBytes: 1,
      maxBytes: MAX_BYTES,
      topics: [{ topic, partitions: [{ partition, fetchOffset: offset.toString(), maxBytes: MAX_BYTES }] }],
    });
    this.#failures = 0;
    this.#report(true, null);
    const messages = response.responses[0]?.partitions[0]?.messages ?? [];
    // A fetch returns whole batches, so records before the requested offset may come back.
    const records = messages.filter((m) => BigInt(m.offset) >= offset && m.isControlRecord !== true);
    const last = records[records.length - 1];
    if (last) this.#offset = BigInt(last.offset) + 1n;
    const mine = records.filter((m) => m.value !== null && m.key !== null && this.#key.equals(m.key));
    if (this.#catchUpEnd === null) {
      for (const record of mine) this.#deliver(record);
      return;
    }
    // Start-up: only the newest record of the key counts, as after compaction.
    this.#catchUpLatest = mine[mine.length - 1] ?? this.#catchUpLatest;
    if ((this.#offset ?? 0n) < this.#catchUpEnd) return;
    const newest = this.#catchUpLatest;
    this.#catchUpEnd = null;
    this.#catchUpLatest = null;
    if (newest) this.#deliver(newest);
  }

  #deliver(record: FetchedRecord): void {
    const text = (record.value as Buffer).toString('utf8');
    this.#options.listener.record({ text, cluster: this.#options.cluster, publishedAt: Number(record.timestamp) });
  }

  #report(connected: boolean, errorName: unknown): void {
    if (this.#connected === connected) return;
    this.#connected = connected;
    const name = connected ? null : typeof errorName === 'string' ? errorName : 'UnknownError';
    this.#options.listener.connection({ cluster: this.#options.cluster, connected, errorName: name });
  }

  async #dropCluster(): Promise<void> {
    const cluster = this.#cluster;
    this.#cluster = null;
    await cluster?.disconnect().catch(() => undefined);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const handle = this.#options.timers.setTimeout(() => {
        this.#wake = null;
        resolve();
      }, ms);
      this.#wake = () => {
        this.#options.timers.clearTimeout(handle);
        this.#wake = null;
        resolve();
      };
    });
  }
}
