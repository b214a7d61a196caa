import { describe, expect, it } from 'vitest';
import { type EvaluateGatesPorts, evaluateGates } from '../../../../src/controller/gates/evaluate-gates.ts';
import { normalCdf } from '../../../../src/domain/normal-distribution.ts';
import type { MetricQuery } from '../../../../src/ports/index.ts';
import { manualClock } from '../../../support/fakes/fake-time.ts';
import { MemoryMetrics } from '../../../support/fakes/memory-metrics.ts';
import { recordingLogger } from '../../../support/fakes/recording-logger.ts';
import { EXECUTION_ARN, planInput, T0 } from '../../../support/rollout-fixtures.ts';

/** Log-normal latencies as CloudWatch would summarise them per period: SampleCount and PR(:x). */
const distribution = (medianMs: number, perPeriod: number) => (q: MetricQuery) => {
  if (q.stat === 'SampleCount') return perPeriod;
  const x = Number(q.stat.slice(4, -1));
  return 100 * normalCdf((Math.log(x) - Math.log(medianMs)) / 0.5);
};

interface World {
  green?: number;
  perPeriod?: number;
  greenErrors?: number;
}

function setup(world: World = {}) {
  const metrics = new MemoryMetrics();
  for (const cluster of ['orders-blue', 'orders-green'])
    metrics.register('AWS/Kafka', 'SumOffsetLag', { 'Cluster Name': cluster, 'Consumer Group': 'billing', Topic: 'orders' });
  const seen: MetricQuery[] = [];
  metrics.source = (q) => {
    seen.push(q);
    if (q.metricName === 'ClientOperations') return 1000;
    if (q.metricName === 'ClientErrors') return q.dimensions.Cluster === 'green' ? (world.greenErrors ?? 0) : 0;
    if (q.metricName === 'ProduceLatency' || q.metricName === 'HandlingTime') {
      if (world.perPeriod === 0) return undefined;
      const median = q.dimensions.Cluster === 'green' && q.metricName === 'ProduceLatency' ? 8 * (world.green ?? 1) : 8;
      return distribution(median, world.perPeriod ?? 100)(q);
    }
    return 3;
  };
  const ports: EvaluateGatesPorts = { metrics, catalog: metrics, namespace: 'KraftCanary', clock: manualClock(T0 + 15 * 60_000), logger: recordingLogger() };
  return { seen, run: evaluateGates(ports) };
}

const input = (analysis: Record<string, unknown> | undefined, stageIndex = 0) => ({
  plan: planInput(analysis === undefined ? {} : { analysis }),
  stageIndex,
  windowStart: new Date(T0).toISOString(),
  executionArn: EXECUTION_ARN,
});

describe('evaluateGates with the relative analysis', () => {
  it('passes a green like blue, with the numbers in the gate record and the notification', async () => {
    const { run, seen } = setup();
    const out = await run(input({}));
    expect(out.verdict).toBe('pass');
    expect(out.analysis?.verdict).toBe('pass');
    expect(out.analysis?.comparisons.map((c) => [c.metric, c.blue.samples, c.green.samples])).toEqual([
      ['produceLatency', 1600, 1600],
      ['handlingTime', 1600, 1600],
      ['errors', 32_000, 32_000],
    ]);
    expect(out.analysis?.comparisons[0]?.ratio).toBeCloseTo(1, 2);
    expect(out.notification.text).toMatch(/\nanalysis pass: produce latency p99 25\.\d ms vs 25\.\d ms \(1\.00×\)/);
    expect(out.notification.fields).toMatchObject({ analysis: 'pass', verdict: 'pass' });
    // 16 periods (both window ends count, as in the absolute gates). One SampleCount and 73 percentile ranks per metric and cluster, by Migration and Cluster.
    const distributions = seen.filter((q) => q.metricName === 'ProduceLatency' && q.dimensions.Cluster === 'green');
    expect(new Set(distributions.map((q) => q.stat)).size).toBe(74);
    expect(distributions[0]).toMatchObject({ namespace: 'KraftCanary', dimensions: { Migration: 'orders', Cluster: 'green' }, periodSeconds: 60 });
  });

  it('fails a slower green although every absolute gate passes', async () => {
    const { run } = setup({ green: 1.6 });
    const out = await run(input({}));
    expect(out.verdict).toBe('fail');
    expect(out.reasons).toEqual([
      expect.stringMatching(/^produce latency p99 on green 4\d\.\d ms is 1\.[56]\d× blue's 25\.\d ms > 1\.25 \(\+\d+\.?\d* ms; Mann-Whitney p<1e-6\)$/),
    ]);
    expect(out.summary).toMatch(/^stage 1 gates fail: produce latency p99/);
    expect(out.notification.fields).toMatchObject({ analysis: 'fail', verdict: 'fail' });
  });

  it('fails more errors on green through the two-proportion test', async () => {
    const { run } = setup({ greenErrors: 30 });
    const out = await run(input({}));
    expect(out.analysis?.verdict).toBe('fail');
    expect(out.reasons.some((r) => r.startsWith('error rate on green 0.0300'))).toBe(true);
  });

  it('is inconclusive without distributions (clients that do not publish them)', async () => {
    const { run } = setup({ perPeriod: 0 });
    const out = await run(input({}));
    expect(out.verdict).toBe('inconclusive');
    expect(out.reasons).toEqual([
      'produce latency: 0 samples on blue, 0 samples on green < 200 needed',
      'handling time: 0 samples on blue, 0 samples on green < 200 needed',
    ]);
  });

  it('does not analyse without the plan section, nor at 100 % green', async () => {
    const off = setup();
    expect((await off.run(input(undefined))).analysis).toBeNull();
    expect(off.seen.some((q) => q.metricName === 'ProduceLatency')).toBe(false);
    const full = setup({ green: 3 });
    const out = await full.run(input({}, 3));
    expect(out.analysis).toBeNull();
    expect(full.seen.some((q) => q.metricName === 'ProduceLatency')).toBe(false);
  });
});
