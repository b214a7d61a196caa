import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createEvaluateGatesHandler, handler } from '../../../functions/evaluate-gates.ts';
import { MemoryMetrics } from '../../support/fakes/memory-metrics.ts';
import { recordingLogger } from '../../support/fakes/recording-logger.ts';
import { EXECUTION_ARN, planInput, T0 } from '../../support/rollout-fixtures.ts';

const cw = mockClient(CloudWatchClient);
const ctx = {} as never;
beforeEach(() => cw.reset());
const event = { plan: planInput(), stageIndex: 0, windowStart: new Date(T0).toISOString(), executionArn: EXECUTION_ARN };

describe('functions/evaluate-gates', () => {
  it('the default handler reads CloudWatch; no data at all is inconclusive, never a pass', async () => {
    // Prepare
    cw.on(ListMetricsCommand).resolves({ Metrics: [] }).on(GetMetricDataCommand).resolves({ MetricDataResults: [] }).on(PutMetricDataCommand).resolves({});
    // Act
    const out = await handler(event, ctx);
    // Assess
    expect(out.verdict).toBe('inconclusive');
    expect(out.reasons).toContain('no lag data for billing on blue');
    expect(cw.commandCalls(PutMetricDataCommand)[0]?.args[0].input.MetricData?.[0]).toMatchObject({
      MetricName: 'GateResult',
      Dimensions: [
        { Name: 'Migration', Value: 'orders' },
        { Name: 'Verdict', Value: 'inconclusive' },
      ],
    });
  });

  it('the default handler fails when CloudWatch throttles', async () => {
    cw.on(ListMetricsCommand).rejects(Object.assign(new Error('x'), { name: 'Throttling' }));
    await expect(handler(event, ctx)).rejects.toMatchObject({ name: 'TransientAwsError' });
  });

  it('the factory runs the use case over the given ports', async () => {
    const metrics = new MemoryMetrics();
    const run = createEvaluateGatesHandler({
      metrics,
      catalog: metrics,
      namespace: 'KraftCanary',
      clock: { now: () => T0 + 60_000 },
      logger: recordingLogger(),
    });
    expect((await run(event, ctx)).verdict).toBe('inconclusive');
  });
});
