import { describe, expect, it } from 'vitest';
import { twoProportionTest } from '../../../src/domain/proportion-test.ts';

describe('twoProportionTest', () => {
  it('computes the pooled z of the second rate over the first', () => {
    const result = twoProportionTest({ failures: 10, trials: 1000 }, { failures: 30, trials: 1000 });
    const pooled = 40 / 2000;
    const se = Math.sqrt(pooled * (1 - pooled) * (2 / 1000));
    expect(result.firstRate).toBe(0.01);
    expect(result.secondRate).toBe(0.03);
    expect(result.z).toBeCloseTo(0.02 / se, 12);
    expect(result.pValue).toBeLessThan(0.001);
  });

  it('is one-sided: a lower second rate has a p-value above one half', () => {
    expect(twoProportionTest({ failures: 30, trials: 1000 }, { failures: 10, trials: 1000 }).pValue).toBeGreaterThan(0.99);
  });

  it.each([
    { name: 'no trials on one side', first: { failures: 0, trials: 0 }, second: { failures: 1, trials: 10 }, rates: [null, 0.1] },
    { name: 'no failures anywhere', first: { failures: 0, trials: 50 }, second: { failures: 0, trials: 10 }, rates: [0, 0] },
    { name: 'only failures', first: { failures: 5, trials: 5 }, second: { failures: 9, trials: 9 }, rates: [1, 1] },
  ])('has p = 1 with $name', ({ first, second, rates }) => {
    expect(twoProportionTest(first, second)).toEqual({ firstRate: rates[0], secondRate: rates[1], z: 0, pValue: 1 });
  });
});
