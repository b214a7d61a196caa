import { normalCdf } from './normal-distribution.ts';

export interface RankTestResult {
  /** Mann-Whitney U of the second sample: pairs (x, y) with y > x, ties counting one half. */
  u: number;
  /** Standardised U under the null hypothesis, tie-corrected, with a continuity correction. */
  z: number;
  /** One-sided p-value of "the second sample tends to be larger" (1 when it cannot be computed). */
  pValue: number;
  /** Probability that a value of the second sample exceeds one of the first (U / n1·n2), ties half. */
  superiority: number;
}

/**
 * Mann-Whitney U test on binned samples: `first[i]` and `second[i]` count the values of each
 * sample in bin i, bins in ascending order. Values within a bin count as tied, which is exact for
 * data that is binned already and conservative otherwise (ties only lower the variance the test
 * can use, never raise its false-alarm rate). Normal approximation with the tie correction
 * σ² = n1·n2/12 · ((N+1) − Σ(t³−t)/(N(N−1))), valid for samples of a few dozen or more.
 */
export function mannWhitneyBinned(first: readonly number[], second: readonly number[]): RankTestResult {
  const n1 = first.reduce((a, b) => a + b, 0);
  const n2 = second.reduce((a, b) => a + b, 0);
  const bins = Math.max(first.length, second.length);
  let u = 0;
  let firstBelow = 0;
  let tieTerm = 0;
  for (let i = 0; i < bins; i++) {
    const a = first[i] ?? 0;
    const b = second[i] ?? 0;
    u += b * (firstBelow + a / 2);
    firstBelow += a;
    const t = a + b;
    tieTerm += t * t * t - t;
  }
  const n = n1 + n2;
  const pairs = n1 * n2;
  if (pairs === 0) return { u, z: 0, pValue: 1, superiority: 0.5 };
  const variance = (pairs / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  const mean = pairs / 2;
  if (variance <= 0) return { u, z: 0, pValue: 1, superiority: u / pairs };
  const shift = u - mean;
  const corrected = Math.sign(shift) * Math.max(0, Math.abs(shift) - 0.5);
  const z = corrected / Math.sqrt(variance);
  return { u, z, pValue: 1 - normalCdf(z), superiority: u / pairs };
}
