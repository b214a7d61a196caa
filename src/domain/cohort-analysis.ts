import type { Analysis, LatencyLimit } from './analysis-plan.ts';
import { binIndex, binnedPercentile, LATENCY_BIN_EDGES_MS } from './latency-bins.ts';
import { twoProportionTest } from './proportion-test.ts';
import { mannWhitneyBinned } from './rank-test.ts';

export type AnalysisVerdict = 'pass' | 'fail' | 'inconclusive';
export type AnalysedMetric = 'produceLatency' | 'handlingTime' | 'errors';

/** Bin counts of one latency metric per cluster over the window (edges: LATENCY_BIN_EDGES_MS). */
export interface BinnedCohorts {
  blue: readonly number[];
  green: readonly number[];
}

export interface ErrorCohorts {
  blue: { failures: number; trials: number };
  green: { failures: number; trials: number };
}

export interface AnalysisInput {
  analysis: Analysis;
  produceLatency: BinnedCohorts;
  handlingTime: BinnedCohorts;
  errors: ErrorCohorts;
  edges?: readonly number[];
}

/** One comparison with its numbers: values are milliseconds at the percentile, or error rates. */
export interface MetricComparison {
  metric: AnalysedMetric;
  verdict: AnalysisVerdict;
  /** Which statistic `blue.value` and `green.value` are: "p99" or "error rate". */
  statistic: string;
  blue: { samples: number; value: number | null };
  green: { samples: number; value: number | null };
  /** green / blue of the statistic (null when blue's is 0 or either is missing). */
  ratio: number | null;
  /** One-sided p-value of "green is worse" (Mann-Whitney U, or two-proportion z for errors). */
  pValue: number | null;
  /**
   * Latency only: one-sided p-value of "more of green lies above blue's percentile" (two-proportion
   * z on the share beyond the bin edge at or above blue's percentile): the rank test barely sees
   * a regression confined to the slowest few percent, this test does.
   */
  tailPValue: number | null;
  reason: string | null;
}

export interface AnalysisResult {
  verdict: AnalysisVerdict;
  reasons: string[];
  comparisons: MetricComparison[];
}

const LABEL: Record<AnalysedMetric, string> = { produceLatency: 'produce latency', handlingTime: 'handling time', errors: 'error rate' };

/** Expected samples beyond blue's percentile below which the tail test abstains. */
const MIN_EXPECTED_BEYOND = 10;

const total = (counts: readonly number[]) => counts.reduce((a, b) => a + b, 0);
const ms = (value: number | null) => (value === null ? 'n/a' : `${value.toPrecision(3)} ms`);
const fmt = (n: number) => n.toPrecision(3);
/** A p-value as people read it; below 1e-6 the normal approximation's tail says little more. */
const pOf = (p: number) => (p < 1e-6 ? 'p<1e-6' : `p=${p.toPrecision(2)}`);

function tooFew(metric: AnalysedMetric, blue: number, green: number, minSamples: number): string | null {
  const short = (['blue', 'green'] as const).filter((_, i) => [blue, green][i]! < minSamples);
  if (short.length === 0) return null;
  return `${LABEL[metric]}: ${short.map((c) => `${c === 'blue' ? blue : green} samples on ${c}`).join(', ')} < ${minSamples} needed`;
}

/** Samples beyond the upper edge of the bin holding blue's percentile, on each side. */
function beyondBluePercentile(cohorts: BinnedCohorts, blueValue: number, edges: readonly number[]) {
  const first = binIndex(blueValue, edges) + 1;
  const above = (counts: readonly number[]) => total(counts.slice(first));
  return { blue: above(cohorts.blue), green: above(cohorts.green) };
}

/**
 * The tail test's p-value, or null while the pooled share beyond blue's percentile promises
 * fewer than MIN_EXPECTED_BEYOND samples on the smaller side: the normal approximation of so few
 * counts overstates significance (at 200 samples and p99, it fired on 7 % of identical cohorts).
 */
function tailTest(beyond: { blue: number; green: number }, blueSamples: number, greenSamples: number): number | null {
  const pooled = (beyond.blue + beyond.green) / (blueSamples + greenSamples);
  if (pooled * Math.min(blueSamples, greenSamples) < MIN_EXPECTED_BEYOND) return null;
  return twoProportionTest({ failures: beyond.blue, trials: blueSamples }, { failures: beyond.green, trials: greenSamples }).pValue;
}

function compareLatency(metric: AnalysedMetric, limit: LatencyLimit, cohorts: BinnedCohorts, analysis: Analysis, edges: readonly number[]): MetricComparison {
  const statistic = `p${limit.percentile}`;
  const blue = { samples: total(cohorts.blue), value: binnedPercentile(cohorts.blue, limit.percentile, edges) };
  const green = { samples: total(cohorts.green), value: binnedPercentile(cohorts.green, limit.percentile, edges) };
  const few = tooFew(metric, blue.samples, green.samples, analysis.minSamples);
  if (few !== null) return { metric, verdict: 'inconclusive', statistic, blue, green, ratio: null, pValue: null, tailPValue: null, reason: few };
  // Bin edges are positive, so a percentile of a non-empty cohort is too.
  const ratio = green.value! / blue.value!;
  const { pValue } = mannWhitneyBinned(cohorts.blue, cohorts.green);
  const beyond = beyondBluePercentile(cohorts, blue.value!, edges);
  const tailPValue = tailTest(beyond, blue.samples, green.samples);
  // Two tests of one hypothesis ("green is slower"): each at half the error rate (Bonferroni).
  const alpha = (1 - analysis.confidence) / 2;
  const evidence =
    pValue < alpha ? `Mann-Whitney ${pOf(pValue)}` : tailPValue !== null && tailPValue < alpha ? `share beyond blue's ${statistic} ${pOf(tailPValue)}` : null;
  const fails = evidence !== null && ratio > limit.maxRatio && green.value! - blue.value! > limit.minIncreaseMs;
  const reason = fails
    ? `${LABEL[metric]} ${statistic} on green ${ms(green.value)} is ${fmt(ratio)}× blue's ${ms(blue.value)} > ${limit.maxRatio} (+${fmt(green.value! - blue.value!)} ms; ${evidence})`
    : null;
  return { metric, verdict: fails ? 'fail' : 'pass', statistic, blue, green, ratio, pValue, tailPValue, reason };
}

function compareErrors(cohorts: ErrorCohorts, analysis: Analysis): MetricComparison {
  const metric = 'errors';
  const statistic = 'error rate';
  const test = twoProportionTest(cohorts.blue, cohorts.green);
  const blue = { samples: cohorts.blue.trials, value: test.firstRate };
  const green = { samples: cohorts.green.trials, value: test.secondRate };
  const few = tooFew(metric, blue.samples, green.samples, analysis.minSamples);
  if (few !== null) return { metric, verdict: 'inconclusive', statistic, blue, green, ratio: null, pValue: null, tailPValue: null, reason: few };
  const [b, g] = [test.firstRate!, test.secondRate!];
  const ratio = b > 0 ? g / b : null;
  const overRatio = ratio === null ? g > 0 : ratio > analysis.errors.maxRatio;
  const fails = test.pValue < 1 - analysis.confidence && overRatio && g - b > analysis.errors.maxIncrease;
  const reason = fails
    ? `error rate on green ${fmt(g)} (${cohorts.green.failures}/${cohorts.green.trials}) against blue's ${fmt(b)} (${cohorts.blue.failures}/${cohorts.blue.trials}) exceeds both ${analysis.errors.maxRatio}× and +${analysis.errors.maxIncrease} (two-proportion ${pOf(test.pValue)})`
    : null;
  return { metric, verdict: fails ? 'fail' : 'pass', statistic, blue, green, ratio, pValue: test.pValue, tailPValue: null, reason };
}

/**
 * Green judged against blue over the same window. A latency metric fails when a test finds
 * green slower at the plan's confidence (the rank test over the whole distribution, or the tail
 * test beyond blue's percentile, each at half the allowed error) AND green's percentile exceeds
 * blue's by more than maxRatio and by more than minIncreaseMs (significance alone would fail harmless differences once samples are many; the ratio
 * alone would fail noise when they are few). Errors fail when the two-proportion test finds
 * green's rate higher AND it exceeds blue's both by the ratio and by the absolute rise. Any
 * failure fails; otherwise too few samples anywhere is inconclusive.
 */
export function analyseCohorts(input: AnalysisInput): AnalysisResult {
  const edges = input.edges ?? LATENCY_BIN_EDGES_MS;
  const comparisons = [
    compareLatency('produceLatency', input.analysis.produceLatency, input.produceLatency, input.analysis, edges),
    compareLatency('handlingTime', input.analysis.handlingTime, input.handlingTime, input.analysis, edges),
    compareErrors(input.errors, input.analysis),
  ];
  const failed = comparisons.filter((c) => c.verdict === 'fail');
  const inconclusive = comparisons.filter((c) => c.verdict === 'inconclusive');
  const verdict: AnalysisVerdict = failed.length > 0 ? 'fail' : inconclusive.length > 0 ? 'inconclusive' : 'pass';
  return { verdict, reasons: [...failed, ...inconclusive].map((c) => c.reason!), comparisons };
}

/** One line with every comparison's numbers, for the gate record, Slack and the status. */
export function analysisSummary(result: AnalysisResult): string {
  const part = (c: MetricComparison) => {
    if (c.metric === 'errors') {
      const rate = (v: number | null) => (v === null ? 'n/a' : fmt(v));
      return `errors ${rate(c.green.value)} vs ${rate(c.blue.value)}`;
    }
    const ratio = c.ratio === null ? '' : ` (${fmt(c.ratio)}×)`;
    return `${LABEL[c.metric]} ${c.statistic} ${ms(c.green.value)} vs ${ms(c.blue.value)}${ratio}`;
  };
  return `analysis ${result.verdict}: ${result.comparisons.map(part).join('; ')} (green vs blue)`;
}
