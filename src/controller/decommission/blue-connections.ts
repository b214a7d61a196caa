import { type ClientQuietVerdict, type ConnectionSeries, evaluateClientQuiet } from '../../domain/client-quiet.ts';
import { formatDuration } from '../../domain/duration.ts';
import { clusterNames, MSK_CLIENT_CONNECTIONS, MSK_NAMESPACE } from '../../domain/metric-names.ts';
import { decommissionQuietSeconds, type Plan } from '../../domain/plan.ts';
import type { MetricQuery, MetricsCatalog, MetricsReader } from '../../ports/index.ts';
import { CLOUDWATCH_TIMING, type MetricTiming } from '../gates/metric-timing.ts';

export interface BlueQuiet {
  readonly verdict: ClientQuietVerdict;
  readonly window: { readonly start: number; readonly end: number };
  readonly quietForSeconds: number;
  readonly expectedBrokers: number | undefined;
  readonly timing: MetricTiming;
}

const PERIOD_SECONDS = 60;
const iso = (at: number) => new Date(at).toISOString();

function quietWindow(plan: Plan, now: number, timing: MetricTiming) {
  const { periodMs, publicationDelayPeriods } = timing;
  const end = Math.floor(now / periodMs) * periodMs - publicationDelayPeriods * periodMs;
  const periods = Math.max(1, Math.ceil((decommissionQuietSeconds(plan) * 1000) / periodMs));
  return { start: end - periods * periodMs, end };
}

/**
 * Blue's ClientConnectionCount over the plan's quiet period, judged by the domain rule. The
 * broker/authentication series are found with ListMetrics; each is read as its per-minute
 * Minimum from the window's start up to now.
 */
export async function readBlueQuiet(
  ports: { metrics: MetricsReader; catalog: MetricsCatalog; timing?: MetricTiming | undefined },
  plan: Plan,
  now: number,
  expectedBrokers: number | undefined,
): Promise<BlueQuiet> {
  const timing = ports.timing ?? CLOUDWATCH_TIMING;
  const window = quietWindow(plan, now, timing);
  const { cluster: C, broker: B, authentication: A } = MSK_CLIENT_CONNECTIONS.dimensions;
  const sets = await ports.catalog.dimensionSets(MSK_NAMESPACE, MSK_CLIENT_CONNECTIONS.name, { [C]: clusterNames(plan).blue });
  const perBroker = sets.filter((set) => set[B] !== undefined && set[A] !== undefined && Object.keys(set).length === 3);
  const queries: MetricQuery[] = perBroker.map((dimensions, i) => ({
    id: `connections-${i}`,
    namespace: MSK_NAMESPACE,
    metricName: MSK_CLIENT_CONNECTIONS.name,
    dimensions,
    stat: 'Minimum',
    periodSeconds: PERIOD_SECONDS,
  }));
  const data = queries.length > 0 ? await ports.metrics.read(queries, window.start, now) : {};
  const series: ConnectionSeries[] = perBroker.map((set, i) => ({
    broker: set[B] ?? '',
    authentication: set[A] ?? '',
    points: data[`connections-${i}`] ?? [],
  }));
  const verdict = evaluateClientQuiet({ series, window, periodMs: timing.periodMs, ...(expectedBrokers === undefined ? {} : { expectedBrokers }) });
  return { verdict, window, quietForSeconds: decommissionQuietSeconds(plan), expectedBrokers, timing };
}

/**
 * How long the rollout waits after writing `complete` before the decommission is judged, so
 * that the judged window can lie wholly after the clients left: the quiet period in whole
 * periods, the publication delay, one period because clients leave at their next poll (up to
 * 18 s after the write) and one because the write falls inside a period.
 */
export function quietWaitMs(quietForSeconds: number, timing: MetricTiming = CLOUDWATCH_TIMING): number {
  const periods = Math.max(1, Math.ceil((quietForSeconds * 1000) / timing.periodMs));
  return (periods + timing.publicationDelayPeriods + 2) * timing.periodMs;
}

/**
 * The first instant at which a judged window lies wholly after `leftAt` (when the `complete`
 * document told every client to leave): the quiet period in whole periods after the period
 * `leftAt` falls in, plus the publication delay.
 */
export function firstJudgeableAfter(quiet: BlueQuiet, leftAt: number): number {
  const { periodMs, publicationDelayPeriods } = quiet.timing;
  const periods = Math.round((quiet.window.end - quiet.window.start) / periodMs);
  return Math.ceil(leftAt / periodMs) * periodMs + (periods + publicationDelayPeriods) * periodMs;
}

const MAX_SERIES_LISTED = 5;

/**
 * One line for the guard's detail: what was seen, where and when; when the window reaches back
 * before the `complete` write (`completedAt`), also from when a decommission can pass.
 */
export function describeBlueQuiet(quiet: BlueQuiet, completedAt: number | null = null): string {
  const seen = describeVerdict(quiet);
  if (quiet.verdict.verdict === 'quiet' || completedAt === null || completedAt < quiet.window.start) return seen;
  const from = iso(firstJudgeableAfter(quiet, completedAt));
  return `${seen}; \`complete\` was written at ${iso(completedAt)}, inside the quiet period: blue can be judged from ${from} (start the decommission entry then)`;
}

function describeVerdict(quiet: BlueQuiet): string {
  const { verdict, window } = quiet;
  const span = `${formatDuration(quiet.quietForSeconds)} to ${iso(window.end)}`;
  if (verdict.verdict === 'quiet') {
    return `no client connected to blue for ${span} (ClientConnectionCount minimum 0 on ${verdict.series} broker series)`;
  }
  if (verdict.verdict === 'busy') {
    const listed = verdict.busy
      .slice(0, MAX_SERIES_LISTED)
      .map((b) => `broker ${b.broker} (${b.authentication}): ${b.periods.map((p) => `${p.minimum} at ${iso(p.at)}`).join(', ')}`);
    const more = verdict.busy.length > MAX_SERIES_LISTED ? `; ${verdict.busy.length - MAX_SERIES_LISTED} more series` : '';
    return `clients still connected to blue (ClientConnectionCount minimum per minute): ${listed.join('; ')}${more}`;
  }
  const listed = verdict.missing
    .slice(0, MAX_SERIES_LISTED)
    .map((m) =>
      m.broker === null
        ? verdict.reportingBrokers === 0
          ? 'no broker of blue publishes it'
          : `only ${verdict.reportingBrokers} of ${quiet.expectedBrokers} brokers publish it`
        : `broker ${m.broker} (${m.authentication}) misses ${m.count} minute(s), newest ${iso(m.periods[0] ?? window.end)}`,
    );
  return `cannot tell whether clients left blue: no ClientConnectionCount for every minute of ${span}: ${listed.join('; ')}`;
}
