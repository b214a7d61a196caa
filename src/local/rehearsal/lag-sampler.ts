import type { Cluster } from '@kraft-canary/client/contract';
import type { KafkaAdminPort, Timers } from '../../ports/index.ts';
import type { LocalMetrics } from './local-metrics.ts';

/** Consumer lag of one cluster at one instant; null when the cluster did not answer in time. */
export type ClusterLag = { readonly total: number; readonly maxPartition: number } | null;

export interface LagSamplerOptions {
  /** Admin clients per cluster; a cluster whose admin is gone (stopped) reads as unreachable. */
  readonly admins: () => Readonly<Record<Cluster, KafkaAdminPort | null>>;
  /** The consumer groups and the topic each reads (one per simulated service). */
  readonly pairs: readonly { readonly group: string; readonly topic: string }[];
  /** The `Cluster Name` dimension MSK would publish for each cluster. */
  readonly clusterNames: Readonly<Record<Cluster, string>>;
  readonly metrics: LocalMetrics;
  readonly timers: Timers;
  /** An answer slower than this counts as unreachable for this sample. */
  readonly timeoutMs: number;
}

/** Per-partition lag: a partition the group never committed on is read from its low watermark. */
export function lagOf(
  offsets: readonly { partition: number; low: number; high: number }[],
  committed: readonly { partition: number; committed: number | null }[],
): { total: number; maxPartition: number } {
  let total = 0;
  let maxPartition = 0;
  for (const p of offsets) {
    const from = committed.find((c) => c.partition === p.partition)?.committed ?? p.low;
    const lag = Math.max(0, p.high - Math.max(from, p.low));
    total += lag;
    maxPartition = Math.max(maxPartition, lag);
  }
  return { total, maxPartition };
}

function withTimeout<T>(promise: Promise<T>, ms: number, timers: Timers): Promise<T | null> {
  return new Promise((resolve) => {
    const handle = timers.setTimeout(() => resolve(null), ms);
    promise.then(
      (value) => {
        timers.clearTimeout(handle);
        resolve(value);
      },
      () => {
        timers.clearTimeout(handle);
        resolve(null);
      },
    );
  });
}

/**
 * Measures consumer lag of every group on both clusters with the Kafka admin API and publishes it the way MSK
 * does (AWS/Kafka MaxOffsetLag and SumOffsetLag per cluster, group and topic, and the broker
 * health metrics while the cluster answers), so that gates and alarms read what they read on AWS.
 * One request per cluster at a time: a cluster that is down must not pile up waiting requests.
 */
export class LagSampler {
  readonly #options: LagSamplerOptions;
  readonly #inFlight: Record<Cluster, boolean> = { blue: false, green: false };

  constructor(options: LagSamplerOptions) {
    this.#options = options;
  }

  async sample(at: number): Promise<Record<Cluster, ClusterLag>> {
    const [blue, green] = await Promise.all([this.#sampleCluster('blue', at), this.#sampleCluster('green', at)]);
    return { blue, green };
  }

  async #sampleCluster(cluster: Cluster, at: number): Promise<ClusterLag> {
    const admin = this.#options.admins()[cluster];
    if (admin === null || this.#inFlight[cluster]) return null;
    this.#inFlight[cluster] = true;
    const { pairs, timers, timeoutMs } = this.#options;
    const request = Promise.all(
      pairs.map(async ({ group, topic }) => {
        const [offsets, committed] = await Promise.all([admin.topicOffsets(topic), admin.groupOffsets(group, [topic])]);
        return { group, topic, offsets, committed };
      }),
    ).finally(() => {
      this.#inFlight[cluster] = false;
    });
    const answer = await withTimeout(request, timeoutMs, timers);
    if (answer === null) return null;
    let total = 0;
    let maxPartition = 0;
    for (const { group, topic, offsets, committed } of answer) {
      const lag = lagOf(
        offsets,
        committed.filter((c) => c.topic === topic),
      );
      this.#publish(cluster, group, topic, lag, at);
      total += lag.total;
      maxPartition = Math.max(maxPartition, lag.maxPartition);
    }
    this.#publishHealth(cluster, at);
    return { total, maxPartition };
  }

  #publish(cluster: Cluster, group: string, topic: string, lag: { total: number; maxPartition: number }, at: number): void {
    const groupDims = { 'Cluster Name': this.#options.clusterNames[cluster], 'Consumer Group': group, Topic: topic };
    this.#options.metrics.record(
      'AWS/Kafka',
      [
        { name: 'MaxOffsetLag', value: lag.maxPartition, dimensions: groupDims },
        { name: 'SumOffsetLag', value: lag.total, dimensions: groupDims },
      ],
      at,
    );
  }

  #publishHealth(cluster: Cluster, at: number): void {
    const clusterDims = { 'Cluster Name': this.#options.clusterNames[cluster] };
    this.#options.metrics.record(
      'AWS/Kafka',
      [
        { name: 'OfflinePartitionsCount', value: 0, dimensions: clusterDims },
        { name: 'ActiveControllerCount', value: 1, dimensions: clusterDims },
      ],
      at,
    );
  }
}
