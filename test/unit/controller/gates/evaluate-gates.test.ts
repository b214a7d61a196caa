import { describe, expect, it } from 'vitest';
import { type EvaluateGatesPorts, evaluateGates } from '../../../../src/controller/gates/evaluate-gates.ts';
import type { MetricQuery } from '../../../../src/ports/index.ts';
import { manualClock } from '../../../support/fakes/fake-time.ts';
import { MemoryMetrics } from '../../../support/fakes/memory-metrics.ts';
import { recordingLogger } from '../../../support/fakes/recording-logger.ts';
import { EXECUTION_ARN, planInput, T0 } from '../../../support/rollout-fixtures.ts';

type Source = (q: MetricQuery, at: number) => number | undefined;

const healthy: Source = (q) => {
  if (q.metricName === 'ClientOperations') return 100;
  if (q.metricName === 'ClientErrors') return 0;
  return 3;
};

function setup(source: Source = healthy) {
  const metrics = new MemoryMetrics();
  for (const cluster of ['orders-blue', 'orders-green']) {
    metrics.register('AWS/Kafka', 'SumOffsetLag', { 'Cluster Name': cluster, 'Consumer Group': 'billing', Topic: 'orders' });
    metrics.register('AWS/Kafka', 'SumOffsetLag', { 'Cluster Name': cluster, 'Consumer Group': 'billing', Topic: 'excluded-topic' });
  }
  metrics.source = source;
  const logger = recordingLogger();
  const ports: EvaluateGatesPorts = { metrics, catalog: metrics, namespace: 'KraftCanary', clock: manualClock(T0 + 15 * 60_000), logger };
  return { metrics, logger, run: evaluateGates(ports) };
}

const input = (extra: Record<string, unknown> = {}) => ({
  plan: planInput({ topics: { sync: false, exclude: ['excluded-*'] } }),
  stageIndex: 0,
  windowStart: new Date(T0).toISOString(),
  executionArn: EXECUTION_ARN,
  ...extra,
});

describe('evaluateGates', () => {
  it('passes a healthy bake and emits GateResult', async () => {
    // Prepare
    const { run, metrics } = setup();
    // Act
    const out = await run(input());
    // Assess
    expect(out).toMatchObject({
      verdict: 'pass',
      reasons: [],
      stageIndex: 0,
      summary: 'stage 1 gates pass',
      window: { start: new Date(T0).toISOString(), end: new Date(T0 + 900_000).toISOString() },
    });
    expect(out.measurements.lag).toEqual([
      { cluster: 'blue', group: 'billing', max: 3, growth: 0 },
      { cluster: 'green', group: 'billing', max: 3, growth: 0 },
    ]);
    expect(out.measurements.errorRate).toEqual([
      { cluster: 'blue', rate: 0, errors: 0, operations: 3200 },
      { cluster: 'green', rate: 0, errors: 0, operations: 3200 },
    ]);
    expect(out.worst).toContainEqual({ cluster: 'green', group: 'billing', maxOffsetLag: 3, maxTimeLagSeconds: 3 });
    expect(metrics.puts).toEqual([{ namespace: 'KraftCanary', name: 'GateResult', value: 1, dimensions: { Migration: 'orders', Verdict: 'pass' } }]);
  });

  it("asks green directly for the plan's group/topic pairs blue reports: a new green series is missing from ListMetrics for up to 15 minutes", async () => {
    // Prepare: ListMetrics knows blue's series only; green's data is there for GetMetricData.
    const metrics = new MemoryMetrics();
    metrics.register('AWS/Kafka', 'SumOffsetLag', { 'Cluster Name': 'orders-blue', 'Consumer Group': 'billing', Topic: 'orders' });
    metrics.register('AWS/Kafka', 'SumOffsetLag', { 'Cluster Name': 'orders-blue', 'Consumer Group': 'other-team', Topic: 'orders' });
    metrics.source = healthy;
    const ports: EvaluateGatesPorts = { metrics, catalog: metrics, namespace: 'KraftCanary', clock: manualClock(T0 + 15 * 60_000), logger: recordingLogger() };
    // Act
    const out = await evaluateGates(ports)(input());
    // Assess: the plan's group is judged on green; another team's group only where MSK lists it.
    expect(out.verdict).toBe('pass');
    expect(out.measurements.lag.map((m) => `${m.cluster}/${m.group}`).sort()).toEqual(['blue/billing', 'blue/other-team', 'green/billing']);
  });

  it('queries MSK lag per cluster, group and topic, and client metrics per cluster and role', async () => {
    // Prepare
    const seen: MetricQuery[] = [];
    const { run } = setup((q, at) => {
      seen.push(q);
      return healthy(q, at);
    });
    // Act
    await run(input());
    // Assess
    const lag = seen.filter((q) => q.metricName === 'SumOffsetLag');
    expect(new Set(lag.map((q) => JSON.stringify(q.dimensions)))).toEqual(
      new Set([
        JSON.stringify({ 'Cluster Name': 'orders-blue', 'Consumer Group': 'billing', Topic: 'orders' }),
        JSON.stringify({ 'Cluster Name': 'orders-green', 'Consumer Group': 'billing', Topic: 'orders' }),
      ]),
    );
    expect(seen.some((q) => q.metricName === 'MaxOffsetLag')).toBe(true);
    expect(seen.some((q) => q.metricName === 'EstimatedMaxTimeLag')).toBe(true);
    const client = seen.filter((q) => q.namespace === 'KraftCanary');
    expect(new Set(client.map((q) => `${q.metricName}/${q.dimensions.Cluster}/${q.dimensions.Role}`)).size).toBe(8);
    expect(client[0]?.dimensions.Migration).toBe('orders');
  });

  it('does not hold the 100 % stage for silence on blue, which no producer sends to any more', async () => {
    // Prepare: blue's clients report only in the period the routing write fell in
    const written = T0 + 40_000;
    const { run } = setup((q, at) => {
      const blueClient = q.namespace === 'KraftCanary' && q.dimensions.Cluster === 'blue';
      if (blueClient && at >= written) return undefined;
      if (blueClient && q.metricName === 'ClientErrors') return 1;
      return healthy(q, at);
    });
    // Act
    const out = await run(input({ stageIndex: 3, windowStart: new Date(written).toISOString() }));
    // Assess: the period stamped before the write is counted, later silence is not missing data
    expect(out.verdict).toBe('fail');
    expect(out.reasons).toEqual(['error rate on blue 0.0100 (2/200) > 0.001']);
  });

  it('still asks for blue client traffic while blue carries producers', async () => {
    // Prepare
    const { run } = setup((q, at) => (q.namespace === 'KraftCanary' && q.dimensions.Cluster === 'blue' ? undefined : healthy(q, at)));
    // Act
    const out = await run(input({ stageIndex: 2 }));
    // Assess
    expect(out.verdict).toBe('inconclusive');
    expect(out.reasons).toContain('no client metrics for blue');
  });

  it('fails with reasons when green lag breaks the stage gates', async () => {
    // Prepare
    const { run } = setup((q, at) => (q.dimensions['Cluster Name'] === 'orders-green' && q.metricName === 'SumOffsetLag' ? 5000 : healthy(q, at)));
    // Act
    const out = await run(input());
    // Assess
    expect(out.verdict).toBe('fail');
    expect(out.summary).toBe('stage 1 gates fail: lag of billing on green reached 5000 > 1000');
    expect(out.notification).toMatchObject({ migration: 'orders', kind: 'gate-result', fields: { verdict: 'fail', stage: 1 } });
  });

  it('is inconclusive when client metrics are missing on a cluster', async () => {
    const { run } = setup((q, at) => (q.namespace === 'KraftCanary' && q.dimensions.Cluster === 'green' ? undefined : healthy(q, at)));
    const out = await run(input());
    expect(out).toMatchObject({ verdict: 'inconclusive', reasons: ['no client metrics for green'] });
    expect(out.holdReason).toBe(`orders: holding at 20% green: ${out.summary}. Start the rollout again to resume from this stage.`);
  });

  it('still answers when GateResult cannot be emitted', async () => {
    // Prepare
    const { run, metrics, logger } = setup();
    metrics.put = async () => {
      throw Object.assign(new Error('x'), { name: 'TransientAwsError' });
    };
    // Act
    const out = await run(input());
    // Assess
    expect(out.verdict).toBe('pass');
    expect(logger.lines.some((l) => l.message === 'GateResult not emitted')).toBe(true);
  });

  it('throws when the window start is not a timestamp', async () => {
    const { run } = setup();
    await expect(run(input({ windowStart: 'yesterday' }))).rejects.toMatchObject({ name: 'InvalidStepInputError' });
  });

  it('throws when CloudWatch cannot be read (the state machine retries, then rolls back)', async () => {
    const { run, metrics } = setup();
    metrics.read = async () => {
      throw Object.assign(new Error('x'), { name: 'TransientAwsError' });
    };
    await expect(run(input())).rejects.toMatchObject({ name: 'TransientAwsError' });
  });
});
