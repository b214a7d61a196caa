import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { GetParameterCommand, GetParameterHistoryCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSetRoutingHandler, handler } from '../../../functions/set-routing.ts';
import { MemoryMetrics } from '../../../src/local/memory-metrics.ts';
import { MemoryRoutingStore } from '../../../src/local/memory-routing-store.ts';
import { recordingLogger } from '../../support/controller-fakes.ts';
import { EXECUTION_ARN, planInput, routingDoc, T0 } from '../../support/rollout-fixtures.ts';

const ssm = mockClient(SSMClient);
const cw = mockClient(CloudWatchClient);
const ctx = {} as never;
const notFound = Object.assign(new Error('x'), { name: 'ParameterNotFound' });
beforeEach(() => {
  ssm.reset();
  cw.reset();
});

const event = { action: 'stage', plan: planInput(), stageIndex: 0, executionArn: EXECUTION_ARN, requestedBy: 'alice' };

describe('functions/set-routing', () => {
  it('the default handler writes the stage to SSM under the rollback protocol and emits the metric', async () => {
    // Prepare
    const idle = JSON.stringify(routingDoc());
    ssm
      .on(GetParameterCommand, { Name: '/kraft-canary/orders/rolled-back' })
      .rejects(notFound)
      .on(GetParameterCommand, { Name: '/kraft-canary/orders/routing' })
      .resolves({ Parameter: { Version: 1, Value: idle } })
      .on(PutParameterCommand)
      .resolves({ Version: 2 })
      .on(GetParameterHistoryCommand)
      .resolves({ Parameters: [{ Version: 1, Value: idle }, { Version: 2, Value: '{}' }] });
    cw.on(PutMetricDataCommand).resolves({});
    // Act
    const out = await handler(event, ctx);
    // Assess
    expect(out).toMatchObject({ kind: 'written', version: 2, greenPercent: 20 });
    expect(ssm.commandCalls(PutParameterCommand)[0]?.args[0].input).toMatchObject({ Name: '/kraft-canary/orders/routing', Overwrite: true });
    expect(cw.commandCalls(PutMetricDataCommand)[0]?.args[0].input.MetricData?.[0]).toMatchObject({ MetricName: 'CanaryGreenPercent', Value: 20 });
  });

  it('the default handler fails when SSM cannot be read', async () => {
    ssm.on(GetParameterCommand).rejects(Object.assign(new Error('x'), { name: 'AccessDeniedException' }));
    await expect(handler(event, ctx)).rejects.toMatchObject({ name: 'AwsCallError' });
  });

  it('the factory answers a refusal as a value', async () => {
    const store = new MemoryRoutingStore();
    const run = createSetRoutingHandler({ routing: store, flags: store, clock: { now: () => T0 }, prefix: '/kc', metrics: new MemoryMetrics(), namespace: 'KraftCanary', logger: recordingLogger() });
    expect(await run(event, ctx)).toMatchObject({ kind: 'refused', code: 'not-started' });
  });
});
