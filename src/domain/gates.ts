import type { Cluster } from '@kraft-canary/client/contract';
import type { Gates } from './plan.ts';

/** One metric value at an instant (epoch milliseconds). */
export interface Point {
  at: number;
  value: number;
}

/** Consumer lag of one group (optionally one topic of it) on one cluster. */
export interface LagSeries {
  cluster: Cluster;
  group: string;
  topic?: string;
  points: Point[];
}

/** Client send/consume errors and operations on one cluster, summed per period. */
export interface ClientSeries {
  cluster: Cluster;
  errors: Point[];
  operations: Point[];
}

export interface GateInput {
  gates: Gates;
  /** The bake window, epoch milliseconds, both ends included. */
  window: { start: number; end: number };
  /** Groups that must report lag on both clusters (both are consumed during the canary). */
  expectedGroups: readonly string[];
  lag: readonly LagSeries[];
  clients: readonly ClientSeries[];
  /**
   * Length of the metric period. CloudWatch stamps a data point at the start of its period, so
   * a point belongs to the window when its period overlaps it; 0 (default) means instants.
   */
  periodSeconds?: number;
  /**
   * Clusters that must show client traffic in this stage (default both). Blue carries no
   * producer traffic once green takes 100 %, so its silence then is expected, not missing data.
   */
  trafficOn?: readonly Cluster[];
}

export interface LagMeasurement {
  cluster: Cluster;
  group: string;
  max: number | null;
  growth: number | null;
}

export interface ErrorRateMeasurement {
  cluster: Cluster;
  rate: number | null;
  errors: number;
  operations: number;
}

export interface GateResult {
  verdict: 'pass' | 'fail' | 'inconclusive';
  reasons: string[];
  measurements: { lag: LagMeasurement[]; errorRate: ErrorRateMeasurement[] };
}

const CLUSTERS: readonly Cluster[] = ['blue', 'green'];

interface Findings {
  failures: string[];
  missing: string[];
}

const inWindow = (points: readonly Point[], input: GateInput): Point[] => {
  const { start, end } = input.window;
  const period = (input.periodSeconds ?? 0) * 1000;
  const overlaps = (p: Point) => (period > 0 ? p.at + period > start : p.at >= start) && p.at <= end;
  return points.filter((p) => overlaps(p) && Number.isFinite(p.value)).sort((a, b) => a.at - b.at);
};

const maxOrNull = (values: readonly number[]): number | null => (values.length === 0 ? null : Math.max(...values));

/** Max and growth (last − first inside the window) of one group on one cluster, over its series. */
function measureLag(input: GateInput, cluster: Cluster, group: string, found: Findings): LagMeasurement {
  const series = input.lag.filter((s) => s.cluster === cluster && s.group === group);
  const maxes: number[] = [];
  const growths: number[] = [];
  for (const s of series) {
    const points = inWindow(s.points, input);
    const name = s.topic ? `${group}/${s.topic}` : group;
    if (points.length < 2) found.missing.push(`lag of ${name} on ${cluster} has ${points.length} point(s) in the window; 2 needed`);
    if (points.length > 0) maxes.push(Math.max(...points.map((p) => p.value)));
    if (points.length >= 2) growths.push(points.at(-1)!.value - points[0]!.value);
  }
  if (series.length === 0) found.missing.push(`no lag data for ${group} on ${cluster}`);
  const max = maxOrNull(maxes);
  const growth = maxOrNull(growths);
  const limit = input.gates.maxLagByGroup[group] ?? input.gates.maxLag;
  if (max !== null && max > limit) found.failures.push(`lag of ${group} on ${cluster} reached ${max} > ${limit}`);
  if (growth !== null && growth > input.gates.maxLagGrowth) {
    found.failures.push(`lag of ${group} on ${cluster} grew by ${growth} > ${input.gates.maxLagGrowth} in the window`);
  }
  return { cluster, group, max, growth };
}

const sum = (points: readonly Point[]): number => points.reduce((total, p) => total + p.value, 0);

/** Σerrors / Σoperations over every client series of one cluster inside the window. */
function measureErrorRate(input: GateInput, cluster: Cluster, found: Findings): ErrorRateMeasurement {
  const series = input.clients.filter((s) => s.cluster === cluster);
  const errorPoints = series.flatMap((s) => inWindow(s.errors, input));
  const operationPoints = series.flatMap((s) => inWindow(s.operations, input));
  const errors = sum(errorPoints);
  const operations = sum(operationPoints);
  const required = (input.trafficOn ?? CLUSTERS).includes(cluster);
  if (required && series.length === 0) found.missing.push(`no client metrics for ${cluster}`);
  else if (required && errorPoints.length === 0) found.missing.push(`no client error data for ${cluster} in the window`);
  if (operations <= 0) {
    if (required && series.length > 0) found.missing.push(`no client operations on ${cluster} in the window`);
    return { cluster, rate: null, errors, operations };
  }
  const rate = errors / operations;
  if (rate > input.gates.maxErrorRate) {
    found.failures.push(`error rate on ${cluster} ${rate.toPrecision(3)} (${errors}/${operations}) > ${input.gates.maxErrorRate}`);
  }
  return { cluster, rate, errors, operations };
}

/**
 * The gate verdict for one bake window. Any breach fails; otherwise any missing data makes
 * the verdict inconclusive, so that silence (a broken metric pipeline) never passes a stage.
 */
export function evaluateGates(input: GateInput): GateResult {
  const found: Findings = { failures: [], missing: [] };
  if (!(input.window.start <= input.window.end)) found.missing.push('the gate window is empty');
  const groups = [...new Set([...input.expectedGroups, ...input.lag.map((s) => s.group)])].sort();
  const lag = CLUSTERS.flatMap((cluster) =>
    groups
      .filter((group) => input.expectedGroups.includes(group) || input.lag.some((s) => s.cluster === cluster && s.group === group))
      .map((group) => measureLag(input, cluster, group, found)),
  );
  const errorRate = CLUSTERS.map((cluster) => measureErrorRate(input, cluster, found));
  const verdict = found.failures.length > 0 ? 'fail' : found.missing.length > 0 ? 'inconclusive' : 'pass';
  return { verdict, reasons: [...found.failures, ...found.missing], measurements: { lag, errorRate } };
}
