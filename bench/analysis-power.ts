/**
 * Power of the relative analysis (a script, not a test): seeded synthetic log-normal latencies
 * for blue and green, binned exactly as the gate bins CloudWatch's data, judged by the same
 * domain function at the plan's default settings (produce latency: p99 ratio 1.25, confidence
 * 0.95). For each cohort size it prints, over ANALYSIS_TRIALS (default 1000) trials:
 * - false alarms on identical distributions (the gate's fail rate, and the rank test alone);
 * - detection of green × 1.3 and × 1.5 (every latency scaled, so p99 too);
 * - detection of a tail-only regression: green's slowest 5 % × 1.5 (p99 × 1.5, median unchanged).
 * Then the smallest cohort size with ≥ 80 % and ≥ 95 % detection, a Markdown table on stdout
 * and one JSON line last. ANALYSIS_SEED changes the seed (default 15), ANALYSIS_SIGMA the
 * log-normal σ (default 0.5: p99 ≈ 3.2 × median).
 */
import { AnalysisSchema } from '../src/domain/analysis-plan.ts';
import { analyseCohorts } from '../src/domain/cohort-analysis.ts';
import { binCounts } from '../src/domain/latency-bins.ts';

const TRIALS = Number(process.env.ANALYSIS_TRIALS ?? 1000);
const SEED = Number(process.env.ANALYSIS_SEED ?? 15);
const SIGMA = Number(process.env.ANALYSIS_SIGMA ?? 0.5);
const MEDIAN_MS = 8;
const SIZES = [200, 500, 1000, 2000, 5000, 10_000];
/** z of the 95th percentile: the tail-only regression slows values above it. */
const Z95 = 1.6448536;
const analysis = AnalysisSchema.parse({});

/** mulberry32: a small, seedable generator, so every run prints the same figures. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function gaussian(random: () => number): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

type Regression = (z: number) => number;
const none: Regression = () => 1;
const scaled =
  (factor: number): Regression =>
  () =>
    factor;
const tailOnly =
  (factor: number): Regression =>
  (z) =>
    z > Z95 ? factor : 1;

function sample(random: () => number, n: number, regression: Regression): number[] {
  return Array.from({ length: n }, () => {
    const z = gaussian(random);
    return MEDIAN_MS * Math.exp(SIGMA * z) * regression(z);
  });
}

interface Rates {
  gateFails: number;
  rankTestFires: number;
}

function trial(random: () => number, n: number, regression: Regression): { fail: boolean; significant: boolean } {
  const blue = binCounts(sample(random, n, none));
  const green = binCounts(sample(random, n, regression));
  const result = analyseCohorts({
    analysis,
    produceLatency: { blue, green },
    handlingTime: { blue, green: blue },
    errors: { blue: { failures: 0, trials: n }, green: { failures: 0, trials: n } },
  });
  const produce = result.comparisons[0]!;
  return { fail: produce.verdict === 'fail', significant: (produce.pValue ?? 1) < 1 - analysis.confidence };
}

function rates(n: number, regression: Regression, seed: number): Rates {
  const random = generator(seed);
  let gateFails = 0;
  let rankTestFires = 0;
  for (let i = 0; i < TRIALS; i++) {
    const outcome = trial(random, n, regression);
    if (outcome.fail) gateFails += 1;
    if (outcome.significant) rankTestFires += 1;
  }
  return { gateFails: gateFails / TRIALS, rankTestFires: rankTestFires / TRIALS };
}

const scenarios = { identical: none, 'x1.3': scaled(1.3), 'x1.5': scaled(1.5), 'tail x1.5': tailOnly(1.5) } as const;
type Scenario = keyof typeof scenarios;

const rows = SIZES.map((n, i) => {
  const row = { n } as { n: number } & Record<Scenario, Rates>;
  (Object.keys(scenarios) as Scenario[]).forEach((name, j) => {
    row[name] = rates(n, scenarios[name], SEED * 1000 + i * 10 + j);
  });
  return row;
});

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const neededFor = (name: Scenario, level: number) => rows.find((r) => r[name].gateFails >= level)?.n ?? null;
const needed = Object.fromEntries(
  (['x1.3', 'x1.5', 'tail x1.5'] as const).map((name) => [name, { detect80: neededFor(name, 0.8), detect95: neededFor(name, 0.95) }]),
);

const lines = [
  `Relative analysis power: log-normal latencies (median ${MEDIAN_MS} ms, σ ${SIGMA}), defaults (p${analysis.produceLatency.percentile} ratio > ${analysis.produceLatency.maxRatio}, and the rank or the tail test one-sided at p < ${((1 - analysis.confidence) / 2).toFixed(3)}), ${TRIALS} trials per cell, seed ${SEED}`,
  '',
  '| samples per cluster | false alarms (gate) | Mann-Whitney alone at p < 0.05, identical | detects × 1.3 | detects × 1.5 | detects slowest 5 % × 1.5 |',
  '|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.n} | ${pct(r.identical.gateFails)} | ${pct(r.identical.rankTestFires)} | ${pct(r['x1.3'].gateFails)} | ${pct(r['x1.5'].gateFails)} | ${pct(r['tail x1.5'].gateFails)} |`,
  ),
  '',
  `Samples per cluster needed (smallest of ${SIZES.join(', ')}): ${Object.entries(needed)
    .map(([name, v]) => `${name}: 80 % at ${v.detect80 ?? `> ${SIZES.at(-1)}`}, 95 % at ${v.detect95 ?? `> ${SIZES.at(-1)}`}`)
    .join('; ')}`,
];
process.stdout.write(`${lines.join('\n')}\n`);
process.stdout.write(`${JSON.stringify({ seed: SEED, sigma: SIGMA, trials: TRIALS, rows, needed })}\n`);
