import type { Cluster } from '@kraft-canary/client/contract';
import { CLIENT_METRICS } from '@kraft-canary/client/contract';
import type { BinnedCohorts, ErrorCohorts } from '../../domain/cohort-analysis.ts';
import type { ClientSeries } from '../../domain/gates.ts';
import { countsFromPercentRanks, LATENCY_BIN_EDGES_MS } from '../../domain/latency-bins.ts';
import type { Plan } from '../../domain/plan.ts';
import type { MetricPoint, MetricQuery, MetricsReader } from '../../ports/index.ts';

const CLUSTERS: readonly Cluster[] = ['blue', 'green'];
const PERIOD = 60;
const DISTRIBUTIONS = { produceLatency: CLIENT_METRICS.produceLatency, handlingTime: CLIENT_METRICS.handlingTime } as const;
type Distribution = keyof typeof DISTRIBUTIONS;

export interface AnalysisCohorts {
  produceLatency: BinnedCohorts;
  handlingTime: BinnedCohorts;
}

const query = (namespace: string, migration: string, metricName: string, cluster: Cluster, stat: MetricQuery['stat'], id: string): MetricQuery => ({
  id,
  namespace,
  metricName,
  dimensions: { Migration: migration, Cluster: cluster },
  stat,
  periodSeconds: PERIOD,
});

/**
 * Per period, SampleCount and `PR(:edge)` for every bin edge give the period's bin counts;
 * summed over the window's periods they are the cohort's counts (a percentile cannot be
 * summed across periods, counts can).
 */
function binsOf(data: Record<string, MetricPoint[]>, id: string): number[] {
  const counts = new Array<number>(LATENCY_BIN_EDGES_MS.length + 1).fill(0);
  const byPeriod = new Map<number, number[]>();
  LATENCY_BIN_EDGES_MS.forEach((_, i) => {
    for (const point of data[`${id}-pr${i}`] ?? []) {
      const ranks = byPeriod.get(point.at) ?? new Array<number>(LATENCY_BIN_EDGES_MS.length).fill(0);
      ranks[i] = point.value;
      byPeriod.set(point.at, ranks);
    }
  });
  for (const sample of data[`${id}-n`] ?? []) {
    const ranks = byPeriod.get(sample.at);
    if (!ranks || sample.value <= 0) continue;
    countsFromPercentRanks(ranks, sample.value).forEach((c, i) => {
      counts[i]! += c;
    });
  }
  return counts;
}

/**
 * Reads both clusters' latency distributions over the window, binned (GetMetricData:
 * 2 metrics × 2 clusters × 74 queries = 296 queries, one call).
 */
export async function readAnalysisCohorts(
  ports: { metrics: MetricsReader; namespace: string },
  plan: Plan,
  window: { start: number; end: number },
  periodMs = PERIOD * 1000,
): Promise<AnalysisCohorts> {
  const queries = (Object.keys(DISTRIBUTIONS) as Distribution[]).flatMap((name) =>
    CLUSTERS.flatMap((cluster) => {
      const id = `${name}-${cluster}`;
      const metric = DISTRIBUTIONS[name];
      return [
        query(ports.namespace, plan.migration, metric, cluster, 'SampleCount', `${id}-n`),
        ...LATENCY_BIN_EDGES_MS.map((edge, i) => query(ports.namespace, plan.migration, metric, cluster, `PR(:${edge})`, `${id}-pr${i}`)),
      ];
    }),
  );
  const periodStart = Math.floor(window.start / periodMs) * periodMs;
  const data = await ports.metrics.read(queries, periodStart, window.end);
  const cohorts = (name: Distribution): BinnedCohorts => ({ blue: binsOf(data, `${name}-blue`), green: binsOf(data, `${name}-green`) });
  return { produceLatency: cohorts('produceLatency'), handlingTime: cohorts('handlingTime') };
}

/** Errors and operations per cluster (both roles) from the gates' client series, already read for the window. */
export function errorCohorts(clients: readonly ClientSeries[], window: { start: number; end: number }, periodMs: number): ErrorCohorts {
  const sum = (cluster: Cluster, pick: (s: ClientSeries) => readonly MetricPoint[]) =>
    clients
      .filter((s) => s.cluster === cluster)
      .flatMap(pick)
      .filter((p) => p.at + periodMs > window.start && p.at <= window.end)
      .reduce((total, p) => total + p.value, 0);
  const of = (cluster: Cluster) => ({ failures: sum(cluster, (s) => s.errors), trials: sum(cluster, (s) => s.operations) });
  return { blue: of('blue'), green: of('green') };
}
