import { normalQuantile } from './normal-distribution.ts';

/**
 * Fixed, log-spaced bins for latency-like values in milliseconds (produce latency, handling
 * time, end-to-end delay). CloudWatch keeps no raw samples, but its percentile-rank statistic
 * `PR(:x)` gives the share of a period's values at or below x: with one query per edge and
 * `SampleCount`, any store that has the values returns these counts, and every comparison
 * (rank test, percentile) is computed the same way from them.
 *
 * Edges grow by 2^(1/4) (about 19 %) from 0.5 ms to 131 s: 73 edges, and an open last bin.
 */
export const LATENCY_BIN_EDGES_MS: readonly number[] = Array.from({ length: 73 }, (_, k) => Number((0.5 * 2 ** (k / 4)).toPrecision(6)));

/** Bin counts of values: bin i holds edges[i-1] < v ≤ edges[i]; the last bin holds v > the last edge. */
export function binCounts(values: Iterable<number>, edges: readonly number[] = LATENCY_BIN_EDGES_MS): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (const value of values) counts[binIndex(value, edges)]! += 1;
  return counts;
}

/** Index of the bin a value falls in (binary search over the edges). */
export function binIndex(value: number, edges: readonly number[] = LATENCY_BIN_EDGES_MS): number {
  let low = 0;
  let high = edges.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (value <= edges[mid]!) high = mid;
    else low = mid + 1;
  }
  return low;
}

/**
 * Counts per bin from cumulative shares as CloudWatch returns them: `PR(:edge)` in percent for
 * each edge and the total SampleCount. Not rounded (CloudWatch's percentile ranks come from its
 * own approximate distribution; rounding each period's tail bins would bias the tail), and never
 * negative (neighbouring ranks may disagree slightly).
 */
export function countsFromPercentRanks(percentAtOrBelow: readonly number[], sampleCount: number): number[] {
  const cumulative = [...percentAtOrBelow.map((pr) => (Math.min(100, Math.max(0, pr)) / 100) * sampleCount), sampleCount];
  let before = 0;
  return cumulative.map((c) => {
    const count = Math.max(0, c - before);
    before = Math.max(before, c);
    return count;
  });
}

/**
 * The p-th percentile (0 < p < 100) of binned values. Inside its bin the cumulative share is
 * interpolated linearly on the probit scale against log(value): exact for log-normal latencies,
 * and close for anything smooth (a log-uniform spread inside the bin, the fallback where the bin
 * is first or last with samples, is off by up to half a bin, ±9 %, and biased in the tail). The
 * first bin is taken as [edge0/2^(1/4), edge0], the open last bin as [last edge, last edge·2^(1/4)].
 * Null without samples.
 */
export function binnedPercentile(counts: readonly number[], p: number, edges: readonly number[] = LATENCY_BIN_EDGES_MS): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total <= 0) return null;
  const step = 2 ** (1 / 4);
  const target = (p / 100) * total;
  // Stops at the first non-empty bin whose cumulative count reaches the target; one exists since p < 100.
  let i = 0;
  let below = 0;
  while (counts[i]! === 0 || below + counts[i]! < target) below += counts[i++]!;
  const upper = i < edges.length ? edges[i]! : edges.at(-1)! * step;
  const lower = i > 0 ? edges[i - 1]! : edges[0]! / step;
  const after = below + counts[i]!;
  const share = below > 0 && after < total && target > 0 ? probitShare(below / total, after / total, target / total) : (target - below) / counts[i]!;
  return lower * (upper / lower) ** share;
}

/** Where `at` lies between `from` and `to` (cumulative shares strictly inside 0..1), on the probit scale. */
const probitShare = (from: number, to: number, at: number): number => {
  const low = normalQuantile(from);
  return (normalQuantile(at) - low) / (normalQuantile(to) - low);
};
