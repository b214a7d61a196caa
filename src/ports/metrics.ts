/**
 * Metrics: reading and writing series (CloudWatch GetMetricData / PutMetricData in src/aws/) and
 * discovering which dimension sets exist (ListMetrics), e.g. the topics a consumer group reports
 * lag for, or a cluster's broker ids.
 */

export interface MetricPoint {
  /** Epoch milliseconds. */
  readonly at: number;
  readonly value: number;
}

export interface MetricQuery {
  readonly id: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /**
   * `SampleCount` and `PR(:x)` (percent of values at or below x, CloudWatch's percentile rank)
   * serve distributions: the relative analysis rebuilds binned counts from them.
   */
  readonly stat: 'Maximum' | 'Sum' | 'Average' | 'Minimum' | 'SampleCount' | `PR(:${number})`;
  readonly periodSeconds: number;
}

export interface MetricsReader {
  /** Points per query id over [start, end] (epoch ms), oldest first; a missing id means no data. */
  read(queries: readonly MetricQuery[], start: number, end: number): Promise<Record<string, MetricPoint[]>>;
}

export interface MetricsWriter {
  put(namespace: string, metrics: readonly { name: string; value: number; unit?: string; dimensions: Readonly<Record<string, string>> }[]): Promise<void>;
}

export interface MetricsCatalog {
  /** Dimension sets of the metrics that match every given dimension (extra dimensions allowed). */
  dimensionSets(namespace: string, metricName: string, match: Readonly<Record<string, string>>): Promise<Record<string, string>[]>;
}
