import type { MetricPoint, MetricQuery, MetricsCatalog, MetricsReader, MetricsWriter } from '../../../src/ports/index.ts';

/** The value of a metric at one period start, or undefined when it has no data point then. */
export type MetricSource = (query: MetricQuery, at: number) => number | undefined;

export interface PutMetric {
  readonly namespace: string;
  readonly name: string;
  readonly value: number;
  readonly dimensions: Readonly<Record<string, string>>;
}

/**
 * CloudWatch in memory: reads sample a source function once per period inside the window (as
 * GetMetricData returns one point per period), puts are recorded, and the catalog answers
 * ListMetrics from registered dimension sets.
 */
export class MemoryMetrics implements MetricsReader, MetricsWriter, MetricsCatalog {
  source: MetricSource = () => undefined;
  readonly puts: PutMetric[] = [];
  readonly #catalog: { namespace: string; metricName: string; dimensions: Record<string, string> }[] = [];

  register(namespace: string, metricName: string, dimensions: Record<string, string>): this {
    this.#catalog.push({ namespace, metricName, dimensions });
    return this;
  }

  async read(queries: readonly MetricQuery[], start: number, end: number): Promise<Record<string, MetricPoint[]>> {
    const out: Record<string, MetricPoint[]> = {};
    for (const query of queries) {
      const period = query.periodSeconds * 1000;
      const points: MetricPoint[] = [];
      for (let at = Math.ceil(start / period) * period; at <= end; at += period) {
        const value = this.source(query, at);
        if (value !== undefined) points.push({ at, value });
      }
      if (points.length > 0) out[query.id] = points;
    }
    return out;
  }

  async put(namespace: string, metrics: readonly { name: string; value: number; dimensions: Readonly<Record<string, string>> }[]): Promise<void> {
    for (const m of metrics) this.puts.push({ namespace, name: m.name, value: m.value, dimensions: { ...m.dimensions } });
  }

  async dimensionSets(namespace: string, metricName: string, match: Readonly<Record<string, string>>): Promise<Record<string, string>[]> {
    return this.#catalog
      .filter((m) => m.namespace === namespace && m.metricName === metricName && Object.entries(match).every(([k, v]) => m.dimensions[k] === v))
      .map((m) => ({ ...m.dimensions }));
  }
}
