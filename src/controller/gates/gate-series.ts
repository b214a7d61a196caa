import type { Cluster } from '@kraft-canary/client/contract';
import { CLIENT_METRICS } from '@kraft-canary/client/contract';
import type { ClientSeries, LagSeries, Point } from '../../domain/gates.ts';
import { clusterNames, MSK_LAG, MSK_NAMESPACE } from '../../domain/metric-names.ts';
import type { Plan } from '../../domain/plan.ts';
import type { MetricQuery, MetricsCatalog, MetricsReader } from '../../ports/index.ts';
import { isExcluded } from '../../readiness/topic-parity.ts';

const CLUSTERS: readonly Cluster[] = ['blue', 'green'];
/** CloudWatch period of every gate metric query; points are stamped at the period start. */
const PERIOD = 60;

interface LagKey {
  cluster: Cluster;
  group: string;
  topic: string;
}

/**
 * The group/topic pairs to query on each cluster, minus excluded topics: those MSK reports lag
 * for (ListMetrics), and every pair of one of the plan's groups on both clusters as soon as
 * either cluster reports it. A series new on green (the first canary stage starts the plan's
 * groups there) takes up to 15 minutes to appear in ListMetrics, while GetMetricData already
 * returns its data: asked for directly, the first bake's gates do not find "no lag data".
 */
async function lagKeys(catalog: MetricsCatalog, plan: Plan): Promise<LagKey[]> {
  const names = clusterNames(plan);
  const { cluster: C, group: G, topic: T } = MSK_LAG.dimensions;
  const found = new Map<string, LagKey>();
  const add = (key: LagKey) => found.set(JSON.stringify([key.cluster, key.group, key.topic]), key);
  for (const cluster of CLUSTERS) {
    const sets = await catalog.dimensionSets(MSK_NAMESPACE, MSK_LAG.sum, { [C]: names[cluster] });
    for (const set of sets) {
      const group = set[G];
      const topic = set[T];
      if (group && topic && !isExcluded(topic, plan.topics.exclude)) add({ cluster, group, topic });
    }
  }
  const planned = new Set(plan.consumerGroups);
  for (const key of [...found.values()]) {
    if (planned.has(key.group)) for (const cluster of CLUSTERS) add({ ...key, cluster });
  }
  return [...found.values()].sort((a, b) => CLUSTERS.indexOf(a.cluster) - CLUSTERS.indexOf(b.cluster));
}

const lagQuery = (plan: Plan, key: LagKey, metricName: string, i: number): MetricQuery => {
  const { cluster: C, group: G, topic: T } = MSK_LAG.dimensions;
  return {
    id: `${metricName}-${i}`,
    namespace: MSK_NAMESPACE,
    metricName,
    dimensions: { [C]: clusterNames(plan)[key.cluster], [G]: key.group, [T]: key.topic },
    stat: 'Maximum',
    periodSeconds: PERIOD,
  };
};

const clientQuery = (namespace: string, migration: string, cluster: Cluster, role: string, metricName: string): MetricQuery => ({
  id: `${metricName}-${cluster}-${role}`,
  namespace,
  metricName,
  dimensions: { Migration: migration, Cluster: cluster, Role: role },
  stat: 'Sum',
  periodSeconds: PERIOD,
});

/** Sums series point by point (the producer and consumer roles of one cluster). */
const merge = (series: readonly (readonly Point[])[]): Point[] => {
  const byAt = new Map<number, number>();
  for (const points of series) for (const p of points) byAt.set(p.at, (byAt.get(p.at) ?? 0) + p.value);
  return [...byAt].map(([at, value]) => ({ at, value })).sort((a, b) => a.at - b.at);
};

export interface GateSeries {
  lag: LagSeries[];
  clients: ClientSeries[];
  /** Worst partition per cluster and group over the window: messages and seconds behind. */
  worst: { cluster: Cluster; group: string; maxOffsetLag: number | null; maxTimeLagSeconds: number | null }[];
}

const peak = (points: readonly Point[] | undefined) => (points && points.length > 0 ? Math.max(...points.map((p) => p.value)) : null);
const maxOf = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));

/** Reads the bake window's lag and client metrics for both clusters. */
export async function readGateSeries(
  ports: { metrics: MetricsReader; catalog: MetricsCatalog; namespace: string },
  plan: Plan,
  window: { start: number; end: number },
  /** Clock milliseconds of one period in the metric store: 60,000 on CloudWatch. */
  periodMs = PERIOD * 1000,
): Promise<GateSeries> {
  const keys = await lagKeys(ports.catalog, plan);
  const lagQueries = keys.flatMap((k, i) => [MSK_LAG.sum, MSK_LAG.max, MSK_LAG.time].map((m) => lagQuery(plan, k, m, i)));
  const clientQueries = CLUSTERS.flatMap((c) =>
    CLIENT_METRICS.roles.flatMap((r) => [CLIENT_METRICS.errors, CLIENT_METRICS.operations].map((m) => clientQuery(ports.namespace, plan.migration, c, r, m))),
  );
  // From the start of the period the window opens in: that point covers the window's first seconds.
  const periodStart = Math.floor(window.start / periodMs) * periodMs;
  const data = await ports.metrics.read([...lagQueries, ...clientQueries], periodStart, window.end);
  const lag = keys.map((k, i) => ({ cluster: k.cluster, group: k.group, topic: k.topic, points: data[`${MSK_LAG.sum}-${i}`] ?? [] }));
  const worst = new Map<string, GateSeries['worst'][number]>();
  keys.forEach((k, i) => {
    const id = `${k.cluster}/${k.group}`;
    const before = worst.get(id) ?? { cluster: k.cluster, group: k.group, maxOffsetLag: null, maxTimeLagSeconds: null };
    worst.set(id, {
      ...before,
      maxOffsetLag: maxOf(before.maxOffsetLag, peak(data[`${MSK_LAG.max}-${i}`])),
      maxTimeLagSeconds: maxOf(before.maxTimeLagSeconds, peak(data[`${MSK_LAG.time}-${i}`])),
    });
  });
  const clients = CLUSTERS.flatMap((cluster) => {
    const of = (metric: string) => CLIENT_METRICS.roles.map((r) => data[`${metric}-${cluster}-${r}`]).filter((p) => p !== undefined);
    const errors = of(CLIENT_METRICS.errors);
    const operations = of(CLIENT_METRICS.operations);
    return errors.length + operations.length === 0 ? [] : [{ cluster, errors: merge(errors), operations: merge(operations) }];
  });
  return { lag, clients, worst: [...worst.values()] };
}
