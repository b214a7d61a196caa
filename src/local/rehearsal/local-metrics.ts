import type { Clock, MetricPoint, MetricQuery, MetricsCatalog, MetricsReader, MetricsWriter } from '../../ports/index.ts';

type Dimensions = Readonly<Record<string, string>>;

interface Series {
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Dimensions;
  readonly points: MetricPoint[];
}

const keyOf = (namespace: string, name: string, dimensions: Dimensions) =>
  JSON.stringify([namespace, name, Object.entries(dimensions).sort(([a], [b]) => a.localeCompare(b))]);

const includes = (dimensions: Dimensions, match: Dimensions) => Object.entries(match).every(([k, v]) => dimensions[k] === v);

function aggregate(values: readonly number[], stat: MetricQuery['stat']): number {
  switch (stat) {
    case 'Maximum':
      return Math.max(...values);
    case 'Minimum':
      return Math.min(...values);
    case 'Sum':
      return values.reduce((a, b) => a + b, 0);
    case 'Average':
      return values.reduce((a, b) => a + b, 0) / values.length;
    case 'SampleCount':
      return values.length;
    default:
      return percentRank(values, stat);
  }
}

/** CloudWatch's `PR(:x)`: the percentage of values at or below x. */
function percentRank(values: readonly number[], stat: `PR(:${number})`): number {
  const limit = Number(stat.slice(4, -1));
  return (100 * values.filter((v) => v <= limit).length) / values.length;
}

export interface LocalMetricsOptions {
  readonly clock: Clock;
  /**
   * Milliseconds of rehearsal time per metric period: a rehearsal that runs `speed` times
   * faster than production divides CloudWatch's 60 s periods by the same factor, so a bake
   * of 15 periods stays 15 points. Never below `minPeriodMs`, the sampling interval.
   */
  readonly speed: number;
  readonly minPeriodMs: number;
}

/**
 * CloudWatch in memory: metrics are put with the time they were put, and read back per
 * period with a statistic. A series matches a query only on exactly its dimensions, as in
 * CloudWatch; a period without data has no point, as in CloudWatch.
 */
export class LocalMetrics implements MetricsReader, MetricsWriter, MetricsCatalog {
  readonly #series = new Map<string, Series>();
  readonly #options: LocalMetricsOptions;

  constructor(options: LocalMetricsOptions) {
    this.#options = options;
  }

  periodMs(periodSeconds: number): number {
    return Math.max(this.#options.minPeriodMs, Math.round((periodSeconds * 1000) / this.#options.speed));
  }

  async put(namespace: string, metrics: readonly { name: string; value: number; unit?: string; dimensions: Dimensions }[]): Promise<void> {
    this.record(namespace, metrics, this.#options.clock.now());
  }

  /** Synchronous put at a given instant (the samplers record what they measured when). */
  record(namespace: string, metrics: readonly { name: string; value: number; dimensions: Dimensions }[], at: number): void {
    for (const metric of metrics) {
      const key = keyOf(namespace, metric.name, metric.dimensions);
      let series = this.#series.get(key);
      if (!series) {
        series = { namespace, name: metric.name, dimensions: { ...metric.dimensions }, points: [] };
        this.#series.set(key, series);
      }
      series.points.push({ at, value: metric.value });
    }
  }

  async read(queries: readonly MetricQuery[], start: number, end: number): Promise<Record<string, MetricPoint[]>> {
    const result: Record<string, MetricPoint[]> = {};
    for (const query of queries) {
      const series = this.#series.get(keyOf(query.namespace, query.metricName, query.dimensions));
      if (!series) continue;
      const points = this.#bucket(series.points, query, start, end);
      if (points.length > 0) result[query.id] = points;
    }
    return result;
  }

  #bucket(points: readonly MetricPoint[], query: MetricQuery, start: number, end: number): MetricPoint[] {
    const period = this.periodMs(query.periodSeconds);
    const buckets = new Map<number, number[]>();
    for (const point of points) {
      if (point.at < start || point.at > end) continue;
      const bucket = Math.floor(point.at / period) * period;
      const values = buckets.get(bucket) ?? [];
      values.push(point.value);
      buckets.set(bucket, values);
    }
    return [...buckets.entries()].sort(([a], [b]) => a - b).map(([at, values]) => ({ at, value: aggregate(values, query.stat) }));
  }

  /** Raw points of one series in [start, end), for the alarm evaluator (which aggregates itself). */
  points(namespace: string, metricName: string, dimensions: Dimensions, start: number, end: number): MetricPoint[] {
    const series = this.#series.get(keyOf(namespace, metricName, dimensions));
    return series ? series.points.filter((p) => p.at >= start && p.at < end) : [];
  }

  async dimensionSets(namespace: string, metricName: string, match: Dimensions): Promise<Record<string, string>[]> {
    return [...this.#series.values()]
      .filter((s) => s.namespace === namespace && s.name === metricName && includes(s.dimensions, match))
      .map((s) => ({ ...s.dimensions }));
  }
}

interface EmfLine {
  _aws?: { Timestamp?: number; CloudWatchMetrics?: { Namespace?: string; Dimensions?: string[][]; Metrics?: { Name?: string }[] }[] };
  [field: string]: unknown;
}

/**
 * Ingests one CloudWatch Embedded Metric Format line, as CloudWatch Logs would from a service's
 * stdout: the client library's own publisher feeds the rehearsal's metrics unchanged.
 */
export function recordEmfLine(metrics: LocalMetrics, line: string): void {
  let parsed: EmfLine;
  try {
    parsed = JSON.parse(line) as EmfLine;
  } catch {
    return;
  }
  const at = parsed._aws?.Timestamp;
  if (typeof at !== 'number') return;
  for (const directive of parsed._aws?.CloudWatchMetrics ?? []) {
    const namespace = directive.Namespace;
    if (!namespace) continue;
    for (const dimensionSet of directive.Dimensions ?? []) {
      const dimensions = Object.fromEntries(dimensionSet.map((d) => [d, String(parsed[d] ?? '')]));
      // A metric's value is a number or, for a distribution, an array of numbers (one sample each).
      const values = (directive.Metrics ?? []).flatMap((m) => {
        const value = m.Name ? parsed[m.Name] : undefined;
        const samples = Array.isArray(value) ? value : [value];
        return samples.filter((v): v is number => typeof v === 'number').map((v) => ({ name: m.Name as string, value: v, dimensions }));
      });
      metrics.record(namespace, values, at);
    }
  }
}
