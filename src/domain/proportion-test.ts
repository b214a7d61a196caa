import { normalCdf } from './normal-distribution.ts';

export interface ProportionTestResult {
  /** Failure share of each sample (null without trials). */
  firstRate: number | null;
  secondRate: number | null;
  /** (second rate − first rate) over the pooled standard error; 0 when it cannot be computed. */
  z: number;
  /** One-sided p-value of "the second sample fails more often" (1 when it cannot be computed). */
  pValue: number;
}

/**
 * Two-proportion z-test with the pooled standard error. With no failure (or only failures) on
 * both sides the samples cannot differ: p = 1.
 */
export function twoProportionTest(first: { failures: number; trials: number }, second: { failures: number; trials: number }): ProportionTestResult {
  const firstRate = first.trials > 0 ? first.failures / first.trials : null;
  const secondRate = second.trials > 0 ? second.failures / second.trials : null;
  if (firstRate === null || secondRate === null) return { firstRate, secondRate, z: 0, pValue: 1 };
  const pooled = (first.failures + second.failures) / (first.trials + second.trials);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / first.trials + 1 / second.trials));
  if (!(se > 0)) return { firstRate, secondRate, z: 0, pValue: 1 };
  const z = (secondRate - firstRate) / se;
  return { firstRate, secondRate, z, pValue: 1 - normalCdf(z) };
}
