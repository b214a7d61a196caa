import { describe, expect, it } from 'vitest';
import type { Analysis } from '../../../src/domain/analysis-plan.ts';
import { type AnalysisInput, analyseCohorts, analysisSummary, type BinnedCohorts } from '../../../src/domain/cohort-analysis.ts';
import { binCounts } from '../../../src/domain/latency-bins.ts';

const analysis: Analysis = {
  produceLatency: { maxRatio: 1.25, percentile: 99, minIncreaseMs: 1 },
  handlingTime: { maxRatio: 1.5, percentile: 50, minIncreaseMs: 1 },
  errors: { maxRatio: 2, maxIncrease: 0.001 },
  confidence: 0.95,
  minSamples: 200,
};

/** n evenly spread values between `from` and `to` milliseconds (deterministic, no noise). */
const spread = (n: number, from: number, to: number) => Array.from({ length: n }, (_, i) => from + ((to - from) * (i + 0.5)) / n);
const cohorts = (blue: number[], green: number[]): BinnedCohorts => ({ blue: binCounts(blue), green: binCounts(green) });

const same = cohorts(spread(1000, 2, 20), spread(400, 2, 20));
const input = (overrides: Partial<AnalysisInput> = {}): AnalysisInput => ({
  analysis,
  produceLatency: same,
  handlingTime: same,
  errors: { blue: { failures: 2, trials: 1000 }, green: { failures: 1, trials: 400 } },
  ...overrides,
});

describe('analyseCohorts', () => {
  it('passes identical cohorts, with the numbers of every comparison', () => {
    const result = analyseCohorts(input());
    expect(result.verdict).toBe('pass');
    expect(result.reasons).toEqual([]);
    const produce = result.comparisons[0]!;
    expect(produce).toMatchObject({ metric: 'produceLatency', verdict: 'pass', statistic: 'p99', blue: { samples: 1000 }, green: { samples: 400 } });
    expect(produce.ratio).toBeCloseTo(1, 1);
    expect(result.comparisons[2]).toMatchObject({ metric: 'errors', statistic: 'error rate', blue: { value: 0.002 }, green: { value: 0.0025 }, ratio: 1.25 });
  });

  it('fails a green that is slower beyond the ratio, saying by how much', () => {
    const result = analyseCohorts(input({ produceLatency: cohorts(spread(1000, 2, 20), spread(400, 3, 30)) }));
    expect(result.verdict).toBe('fail');
    expect(result.reasons).toHaveLength(1);
    expect(result.reasons[0]).toBe("produce latency p99 on green 31.5 ms is 1.44× blue's 21.9 ms > 1.25 (+9.61 ms; Mann-Whitney p<1e-6)");
    expect(result.comparisons[0]!.pValue).toBeLessThan(0.001);
  });

  it('passes a significant difference that stays within the ratio (a harmless shift)', () => {
    const result = analyseCohorts(input({ handlingTime: cohorts(spread(5000, 2, 20), spread(5000, 2.4, 24)) }));
    expect(result.comparisons[1]).toMatchObject({ verdict: 'pass' });
    expect(result.comparisons[1]!.pValue).toBeLessThan(0.05);
    expect(result.comparisons[1]!.ratio).toBeLessThan(1.5);
  });

  it('passes a significant ratio over the limit when the increase stays within minIncreaseMs (clock resolution)', () => {
    const result = analyseCohorts(input({ produceLatency: cohorts(spread(1000, 0.1, 0.6), spread(1000, 0.2, 1.2)) }));
    expect(result.comparisons[0]!.ratio).toBeGreaterThan(1.25);
    expect(result.comparisons[0]!.pValue).toBeLessThan(0.001);
    expect(result.comparisons[0]).toMatchObject({ verdict: 'pass' });
  });

  it('passes a large ratio that is not significant (a few slow outliers)', () => {
    const green = [...spread(395, 2, 20), 200, 200, 200, 200, 200];
    const result = analyseCohorts(input({ produceLatency: cohorts(spread(1000, 2, 20), green) }));
    expect(result.comparisons[0]!.ratio).toBeGreaterThan(1.25);
    expect(result.comparisons[0]).toMatchObject({ verdict: 'pass' });
  });

  it('fails a regression confined to the slowest few percent through the tail test', () => {
    // Green's slowest 5 % take 3× as long; its median is blue's, so the rank test stays quiet.
    const green = [...spread(1900, 2, 18), ...spread(100, 54, 60)];
    const result = analyseCohorts(input({ produceLatency: cohorts(spread(2000, 2, 20), green) }));
    const produce = result.comparisons[0]!;
    expect(produce.pValue).toBeGreaterThan(0.025);
    expect(produce.tailPValue).toBeLessThan(1e-6);
    expect(produce.verdict).toBe('fail');
    expect(produce.reason).toMatch(/; share beyond blue's p99 p<1e-6\)$/);
  });

  it("leaves the tail test out while too few samples are expected beyond blue's percentile", () => {
    const result = analyseCohorts(input({ produceLatency: cohorts(spread(300, 2, 20), spread(300, 2, 20)) }));
    expect(result.comparisons[0]).toMatchObject({ verdict: 'pass', tailPValue: null });
  });

  it.each([
    { name: 'green', blue: 1000, green: 150, reason: 'produce latency: 150 samples on green < 200 needed' },
    { name: 'blue', blue: 10, green: 400, reason: 'produce latency: 10 samples on blue < 200 needed' },
    { name: 'both', blue: 0, green: 5, reason: 'produce latency: 0 samples on blue, 5 samples on green < 200 needed' },
  ])('is inconclusive with too few samples on $name', ({ blue, green, reason }) => {
    const result = analyseCohorts(input({ produceLatency: cohorts(spread(blue, 2, 20), spread(green, 2, 20)) }));
    expect(result.verdict).toBe('inconclusive');
    expect(result.reasons).toEqual([reason]);
    expect(result.comparisons[0]).toMatchObject({ ratio: null, pValue: null });
  });

  it('puts failures before missing samples, and fails over inconclusive', () => {
    const result = analyseCohorts(
      input({
        produceLatency: cohorts(spread(1000, 2, 20), spread(10, 2, 20)),
        errors: { blue: { failures: 0, trials: 1000 }, green: { failures: 20, trials: 1000 } },
      }),
    );
    expect(result.verdict).toBe('fail');
    expect(result.reasons).toEqual([
      "error rate on green 0.0200 (20/1000) against blue's 0.00 (0/1000) exceeds both 2× and +0.001 (two-proportion p=0.0000035)",
      'produce latency: 10 samples on green < 200 needed',
    ]);
  });

  it.each([
    { name: 'a higher rate within the absolute rise', blue: [1, 10_000], green: [8, 10_000], verdict: 'pass' },
    { name: 'a rise past both limits', blue: [10, 10_000], green: [40, 10_000], verdict: 'fail' },
    { name: 'a rise past the absolute limit but within the ratio', blue: [100, 10_000], green: [150, 10_000], verdict: 'pass' },
    { name: 'no errors anywhere', blue: [0, 10_000], green: [0, 10_000], verdict: 'pass' },
    { name: 'fewer errors on green', blue: [50, 10_000], green: [0, 10_000], verdict: 'pass' },
    { name: 'too few operations', blue: [0, 100], green: [0, 10_000], verdict: 'inconclusive' },
  ])('judges errors: $name → $verdict', ({ blue, green, verdict }) => {
    const errors = { blue: { failures: blue[0]!, trials: blue[1]! }, green: { failures: green[0]!, trials: green[1]! } };
    expect(analyseCohorts(input({ errors })).comparisons[2]!.verdict).toBe(verdict);
  });

  it('honours custom bin edges', () => {
    const result = analyseCohorts(
      input({
        edges: [1, 2, 4],
        produceLatency: { blue: [0, 300, 0, 0], green: [0, 0, 300, 0] },
        handlingTime: { blue: [0, 300, 0, 0], green: [0, 300, 0, 0] },
      }),
    );
    expect(result.comparisons[0]).toMatchObject({ verdict: 'fail', ratio: 2 });
  });
});

describe('analysisSummary', () => {
  it('gives every comparison green vs blue in one line', () => {
    const result = analyseCohorts(
      input({
        edges: [1, 2, 4],
        produceLatency: { blue: [0, 300, 0, 0], green: [0, 0, 300, 0] },
        handlingTime: { blue: [0, 300, 0, 0], green: [0, 300, 0, 0] },
      }),
    );
    expect(analysisSummary(result)).toMatch(
      /^analysis fail: produce latency p99 3\.9\d ms vs 1\.9\d ms \(2\.00×\); handling time p50 1\.41 ms vs 1\.41 ms \(1\.00×\); errors 0\.00250 vs 0\.00200 \(green vs blue\)$/,
    );
  });

  it('says n/a where a cohort has no data', () => {
    const result = analyseCohorts(
      input({ produceLatency: { blue: [], green: [] }, errors: { blue: { failures: 0, trials: 0 }, green: { failures: 0, trials: 0 } } }),
    );
    expect(analysisSummary(result)).toContain('produce latency p99 n/a vs n/a;');
    expect(analysisSummary(result)).toContain('errors n/a vs n/a');
  });
});
