import type { Cluster } from './contract/bucket.ts';
import { CLIENT_METRICS } from './contract/client-metrics.ts';
import type { OperationEvent } from './operation-event.ts';
import type { Random } from './ports.ts';

/**
 * CloudWatch Embedded Metric Format limits (CloudWatch User Guide, "Specification: Embedded metric
 * format"): at most 100 values in one metric's array, 100 metrics per directive, 30 dimensions
 * per dimension set, and one log event of at most 1 MB (256 KB on older accounts). A line here
 * carries 3 metrics of at most 100 values each (about 3 KB) and 2 dimensions.
 */
export const EMF_MAX_VALUES_PER_METRIC = 100;

export type DistributionMetric = typeof CLIENT_METRICS.produceLatency | typeof CLIENT_METRICS.handlingTime | typeof CLIENT_METRICS.endToEndDelay;

const METRICS: readonly DistributionMetric[] = [CLIENT_METRICS.produceLatency, CLIENT_METRICS.handlingTime, CLIENT_METRICS.endToEndDelay];

/**
 * A uniform sample (reservoir, Vitter's algorithm R) of at most `capacity` values per cluster and
 * metric between two flushes: memory and log volume stay bounded at any throughput, and both
 * clusters are sampled the same way, so comparing them stays fair.
 */
export class DistributionSampler {
  readonly #capacity: number;
  readonly #random: Random;
  #reservoirs = new Map<string, { seen: number; values: number[] }>();

  constructor(capacity: number, random: Random) {
    this.#capacity = capacity;
    this.#random = random;
  }

  /** Successful operations only: a failed send's latency is a timeout, counted by ClientErrors. */
  observe(event: OperationEvent): void {
    if (event.errors > 0) return;
    if (event.role === 'producer') this.#add(event.cluster, CLIENT_METRICS.produceLatency, event.durationMs);
    else if (event.operations > 0) this.#add(event.cluster, CLIENT_METRICS.handlingTime, event.durationMs);
    for (const delay of event.endToEndDelaysMs ?? []) this.#add(event.cluster, CLIENT_METRICS.endToEndDelay, delay);
  }

  #add(cluster: Cluster, metric: DistributionMetric, value: number): void {
    const key = `${cluster}/${metric}`;
    let reservoir = this.#reservoirs.get(key);
    if (!reservoir) {
      reservoir = { seen: 0, values: [] };
      this.#reservoirs.set(key, reservoir);
    }
    reservoir.seen += 1;
    const rounded = Math.round(value * 100) / 100;
    if (reservoir.values.length < this.#capacity) reservoir.values.push(rounded);
    else {
      const slot = Math.floor(this.#random() * reservoir.seen);
      if (slot < this.#capacity) reservoir.values[slot] = rounded;
    }
  }

  /** The sampled values per cluster and metric since the last call, and a fresh start. */
  take(): Map<Cluster, Map<DistributionMetric, number[]>> {
    const taken = this.#reservoirs;
    this.#reservoirs = new Map();
    const byCluster = new Map<Cluster, Map<DistributionMetric, number[]>>();
    for (const [key, reservoir] of taken) {
      const [cluster, metric] = key.split('/') as [Cluster, DistributionMetric];
      const metrics = byCluster.get(cluster) ?? new Map<DistributionMetric, number[]>();
      metrics.set(metric, reservoir.values);
      byCluster.set(cluster, metrics);
    }
    return byCluster;
  }
}

/** EMF lines for one cluster's distributions: line k carries values k·100 … k·100+99 of each metric. */
export function distributionLines(namespace: string, migration: string, cluster: Cluster, values: Map<DistributionMetric, number[]>, at: number): object[] {
  const longest = Math.max(0, ...[...values.values()].map((v) => v.length));
  const lines: object[] = [];
  for (let from = 0; from < longest; from += EMF_MAX_VALUES_PER_METRIC) {
    const chunk = METRICS.flatMap((metric) => {
      const part = (values.get(metric) ?? []).slice(from, from + EMF_MAX_VALUES_PER_METRIC);
      return part.length > 0 ? [[metric, part] as const] : [];
    });
    lines.push({
      _aws: {
        Timestamp: at,
        CloudWatchMetrics: [
          {
            Namespace: namespace,
            Dimensions: [[...CLIENT_METRICS.distributionDimensions]],
            Metrics: chunk.map(([Name]) => ({ Name, Unit: 'Milliseconds' })),
          },
        ],
      },
      Migration: migration,
      Cluster: cluster,
      ...Object.fromEntries(chunk),
    });
  }
  return lines;
}
