import type { BackoffPolicy } from '../backoff.ts';
import type { Cluster } from '../contract/bucket.ts';
import { DEFAULT_CONTROL_TOPIC } from '../contract/control-topic.ts';
import type { ClusterConnection } from '../kafka-factory.ts';
import { type PushListener, type PushRoutingSource, type Random, systemTimers, type Timers } from '../ports.ts';
import { ControlTopicReader } from './control-topic-reader.ts';
import { type ControlClusterFactory, kafkajsControlCluster } from './kafkajs-control-cluster.ts';

export interface KafkaPushSourceOptions {
  readonly migration: string;
  /** The clusters to read; give both, so that an outage of one does not silence push. */
  readonly clusters: Partial<Record<Cluster, ClusterConnection>>;
  /** Default `__kraft-canary-routing`. */
  readonly topic?: string;
  /**
   * How long a Fetch waits on the broker for a new record. Kafka answers as soon as a record
   * arrives, so this sets the idle request rate, not the latency. Default 5 s.
   */
  readonly fetchMaxWaitMs?: number;
  /** Records read back from the end of the topic at start. Default 32. */
  readonly lookback?: number;
  /** Back-off between reconnects. Default 1 s doubling to 30 s, with jitter. */
  readonly retry?: BackoffPolicy;
  readonly timers?: Timers;
  readonly random?: Random;
  /** How the group-less reader reaches the brokers; default kafkajs's internal cluster. */
  readonly clusterFactory?: ControlClusterFactory;
}

/**
 * Routing documents pushed over the Kafka control topic, read on blue and green at once with
 * no consumer group (a group per instance would put thousands of groups on the coordinators
 * and in MSK's lag metrics). Each cluster is read on its own, so an outage of one never delays
 * what the other delivers. Give it to RoutingWatcher as `push`.
 */
export class KafkaPushSource implements PushRoutingSource {
  readonly #options: KafkaPushSourceOptions;
  #readers: ControlTopicReader[] = [];

  constructor(options: KafkaPushSourceOptions) {
    this.#options = options;
  }

  get topic(): string {
    return this.#options.topic ?? DEFAULT_CONTROL_TOPIC;
  }

  start(listener: PushListener): void {
    if (this.#readers.length > 0) return;
    const options = this.#options;
    const entries = Object.entries(options.clusters) as [Cluster, ClusterConnection | undefined][];
    for (const [cluster, connection] of entries) {
      if (!connection) continue;
      const reader = new ControlTopicReader({
        cluster,
        connection,
        topic: this.topic,
        migration: options.migration,
        fetchMaxWaitMs: options.fetchMaxWaitMs ?? 5_000,
        lookback: options.lookback ?? 32,
        retry: options.retry ?? { baseMs: 1_000, maxMs: 30_000 },
        timers: options.timers ?? systemTimers,
        random: options.random ?? Math.random,
        clusterFactory: options.clusterFactory ?? kafkajsControlCluster,
        listener,
      });
      this.#readers.push(reader);
      reader.start();
    }
  }

  async stop(): Promise<void> {
    const readers = this.#readers;
    this.#readers = [];
    await Promise.all(readers.map((reader) => reader.stop()));
  }
}
