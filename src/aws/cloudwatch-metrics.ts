import {
  type CloudWatchClient,
  GetMetricDataCommand,
  type GetMetricDataCommandOutput,
  ListMetricsCommand,
  type ListMetricsCommandOutput,
  type MetricDataQuery,
  PutMetricDataCommand,
  type StandardUnit,
} from '@aws-sdk/client-cloudwatch';
import type { MetricPoint, MetricQuery, MetricsCatalog, MetricsReader, MetricsWriter } from '../ports/index.ts';
import { translateAwsError } from './errors.ts';

/** GetMetricData takes at most 500 queries per call; PutMetricData 1000 metrics. */
const QUERIES_PER_CALL = 500;
const METRICS_PER_PUT = 500;

const dimensionList = (dimensions: Readonly<Record<string, string>>) => Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value }));

const chunks = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

/** CloudWatch GetMetricData, PutMetricData and ListMetrics behind the metric ports. */
export class CloudWatchMetrics implements MetricsReader, MetricsWriter, MetricsCatalog {
  readonly #client: CloudWatchClient;

  constructor(client: CloudWatchClient) {
    this.#client = client;
  }

  async read(queries: readonly MetricQuery[], start: number, end: number): Promise<Record<string, MetricPoint[]>> {
    const result: Record<string, MetricPoint[]> = {};
    for (const batch of chunks(queries, QUERIES_PER_CALL)) {
      // Caller ids may hold any characters; CloudWatch ids must match ^[a-z][a-zA-Z0-9_]*$.
      const byId = new Map(batch.map((q, i) => [`q${i}`, q.id]));
      const metricQueries: MetricDataQuery[] = batch.map((q, i) => ({
        Id: `q${i}`,
        ReturnData: true,
        MetricStat: {
          Metric: { Namespace: q.namespace, MetricName: q.metricName, Dimensions: dimensionList(q.dimensions) },
          Period: q.periodSeconds,
          Stat: q.stat,
        },
      }));
      await this.#readBatch(metricQueries, byId, start, end, result);
    }
    for (const points of Object.values(result)) points.sort((a, b) => a.at - b.at);
    return result;
  }

  async #readBatch(queries: MetricDataQuery[], byId: Map<string, string>, start: number, end: number, into: Record<string, MetricPoint[]>): Promise<void> {
    let nextToken: string | undefined;
    do {
      let out: GetMetricDataCommandOutput;
      try {
        out = await this.#client.send(
          new GetMetricDataCommand({
            MetricDataQueries: queries,
            StartTime: new Date(start),
            EndTime: new Date(end),
            ScanBy: 'TimestampAscending',
            NextToken: nextToken,
          }),
        );
      } catch (error) {
        throw translateAwsError('GetMetricData', error);
      }
      for (const series of out.MetricDataResults ?? []) {
        const id = byId.get(series.Id ?? '');
        if (id === undefined) continue;
        const values = series.Values ?? [];
        const points = (series.Timestamps ?? []).map((t, i) => ({ at: t.getTime(), value: values[i] ?? 0 }));
        if (points.length > 0) into[id] = [...(into[id] ?? []), ...points];
      }
      nextToken = out.NextToken;
    } while (nextToken);
  }

  async put(
    namespace: string,
    metrics: readonly { name: string; value: number; unit?: string; dimensions: Readonly<Record<string, string>> }[],
  ): Promise<void> {
    for (const batch of chunks(metrics, METRICS_PER_PUT)) {
      const data = batch.map((m) => ({
        MetricName: m.name,
        Value: m.value,
        Unit: (m.unit ?? 'None') as StandardUnit,
        Dimensions: dimensionList(m.dimensions),
      }));
      try {
        await this.#client.send(new PutMetricDataCommand({ Namespace: namespace, MetricData: data }));
      } catch (error) {
        throw translateAwsError('PutMetricData', error);
      }
    }
  }

  async dimensionSets(namespace: string, metricName: string, match: Readonly<Record<string, string>>): Promise<Record<string, string>[]> {
    const sets: Record<string, string>[] = [];
    let nextToken: string | undefined;
    do {
      let out: ListMetricsCommandOutput;
      try {
        // Only metrics with data in the last three hours: a stale group or broker says nothing now.
        out = await this.#client.send(
          new ListMetricsCommand({
            Namespace: namespace,
            MetricName: metricName,
            Dimensions: dimensionList(match),
            RecentlyActive: 'PT3H',
            NextToken: nextToken,
          }),
        );
      } catch (error) {
        throw translateAwsError('ListMetrics', error);
      }
      for (const metric of out.Metrics ?? []) {
        sets.push(Object.fromEntries((metric.Dimensions ?? []).map((d) => [d.Name ?? '', d.Value ?? ''])));
      }
      nextToken = out.NextToken;
    } while (nextToken);
    return sets;
  }
}
