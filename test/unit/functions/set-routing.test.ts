import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { LambdaClient, ListEventSourceMappingsCommand } from '@aws-sdk/client-lambda';
import { GetParameterCommand, GetParameterHistoryCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSetRoutingHandler, handler } from '../../../functions/set-routing.ts';
import { MemoryRoutingStore } from '../../../src/local/memory-routing-store.ts';
import { MemoryMetrics } from '../../support/fakes/memory-metrics.ts';
import { recordingLogger } from '../../support/fakes/recording-logger.ts';
import { BLUE_ARN, EXECUTION_ARN, planInput, routingDoc, T0 } from '../../support/rollout-fixtures.ts';

const ssm = mockClient(SSMClient);
const cw = mockClient(CloudWatchClient);
const lambda = mockClient(LambdaClient);
const ctx = {} as never;
const notFound = Object.assign(new Error('x'), { name: 'ParameterNotFound' });
beforeEach(() => {
  ssm.reset();
  cw.reset();
  lambda.reset();
});

const event = { action: 'stage', plan: planInput(), stageIndex: 0, executionArn: EXECUTION_ARN, requestedBy: 'alice' };

/** SSM answering the rollback protocol's reads around one routing write over `current`. */
function routingParameter(current: string) {
  ssm
    .on(GetParameterCommand, { Name: '/kraft-canary/orders/rolled-back' })
    .rejects(notFound)
    .on(GetParameterCommand, { Name: '/kraft-canary/orders/routing' })
    .resolves({ Parameter: { Version: 1, Value: current } })
    .on(PutParameterCommand)
    .resolves({ Version: 2 })
    .on(GetParameterHistoryCommand)
    .resolves({
      Parameters: [
        { Version: 1, Value: current },
        { Version: 2, Value: '{}' },
      ],
    });
}

describe('functions/set-routing', () => {
  it('the default handler writes a stage to SSM under the rollback protocol and emits the metric', async () => {
    // Prepare: the first canary (20 %) is live; the next stage needs no first-stage gate
    routingParameter(JSON.stringify(routingDoc({ revision: 2, phase: 'canary', producers: { greenPercent: 20 }, consumers: { blue: true, green: true } })));
    cw.on(PutMetricDataCommand).resolves({});
    // Act
    const out = await handler({ ...event, stageIndex: 1 }, ctx);
    // Assess
    expect(out).toMatchObject({ kind: 'written', version: 2, greenPercent: 50 });
    expect(ssm.commandCalls(PutParameterCommand)[0]?.args[0].input).toMatchObject({ Name: '/kraft-canary/orders/routing', Overwrite: true });
    expect(cw.commandCalls(PutMetricDataCommand)[0]?.args[0].input.MetricData?.[0]).toMatchObject({ MetricName: 'CanaryGreenPercent', Value: 50 });
    expect(lambda.commandCalls(ListEventSourceMappingsCommand)).toEqual([]);
  });

  it('the default handler runs the first-stage gate before the first canary write and refuses it when the gate cannot run', async () => {
    // Prepare
    routingParameter(JSON.stringify(routingDoc()));
    lambda.on(ListEventSourceMappingsCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    // Act
    const out = await handler(event, ctx);
    // Assess
    expect(out).toMatchObject({ kind: 'refused', code: 'first-stage-unchecked' });
    expect(lambda.commandCalls(ListEventSourceMappingsCommand).map((c) => c.args[0].input.EventSourceArn)).toContain(BLUE_ARN);
    expect(ssm.commandCalls(PutParameterCommand)).toEqual([]);
  });

  it('the default handler fails when SSM cannot be read', async () => {
    ssm.on(GetParameterCommand).rejects(Object.assign(new Error('x'), { name: 'AccessDeniedException' }));
    await expect(handler(event, ctx)).rejects.toMatchObject({ name: 'AwsCallError' });
  });

  it('the factory answers a refusal as a value', async () => {
    const store = new MemoryRoutingStore();
    const run = createSetRoutingHandler({
      routing: store,
      flags: store,
      clock: { now: () => T0 },
      prefix: '/kc',
      metrics: new MemoryMetrics(),
      namespace: 'KraftCanary',
      logger: recordingLogger(),
    });
    expect(await run(event, ctx)).toMatchObject({ kind: 'refused', code: 'not-started' });
  });
});
