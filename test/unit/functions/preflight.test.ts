import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { KafkaClient } from '@aws-sdk/client-kafka';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { createPreflightHandler, handler } from '../../../functions/preflight.ts';
import { MemoryRoutingStore } from '../../../src/local/memory-routing-store.ts';
import { FakeKafkaCluster } from '../../support/fakes/fake-kafka-cluster.ts';
import { MemoryClusterRegistry } from '../../support/fakes/memory-cluster-registry.ts';
import { recordingLogger } from '../../support/fakes/recording-logger.ts';
import { BLUE_ARN, EXECUTION_ARN, GREEN_ARN, planInput, T0 } from '../../support/rollout-fixtures.ts';

const ctx = {} as never;

describe('functions/preflight', () => {
  it('the default handler refuses an invalid plan before touching AWS', async () => {
    // Prepare
    const ssm = mockClient(SSMClient);
    // Act
    const out = await handler({ request: { plan: { migration: 'orders' } }, executionArn: EXECUTION_ARN }, ctx);
    // Assess
    expect(out).toMatchObject({ kind: 'refused', code: 'invalid-plan', migration: 'orders' });
    expect(ssm.calls()).toHaveLength(0);
    ssm.restore();
  });

  it('the default handler reads the composite alarm and refuses while it is in ALARM, before MSK or Kafka', async () => {
    // Prepare
    const ssm = mockClient(SSMClient);
    const cw = mockClient(CloudWatchClient);
    const msk = mockClient(KafkaClient);
    ssm
      .on(PutParameterCommand)
      .resolves({ Version: 1 })
      .on(GetParameterCommand)
      .rejects(Object.assign(new Error('x'), { name: 'ParameterNotFound' }));
    cw.on(DescribeAlarmsCommand).resolves({ CompositeAlarms: [{ AlarmName: 'kraft-canary.orders.rollback', StateValue: 'ALARM', StateReason: 'lag' }] });
    // Act
    const out = await handler({ request: { plan: planInput(), requestedBy: 'alice' }, executionArn: EXECUTION_ARN }, ctx);
    // Assess
    expect(out).toMatchObject({ kind: 'refused', code: 'in-alarm' });
    expect(cw.commandCalls(DescribeAlarmsCommand)[0]?.args[0].input.AlarmNames).toEqual(['kraft-canary.orders.rollback']);
    expect(msk.calls()).toHaveLength(0);
    for (const mock of [ssm, cw, msk]) mock.restore();
  });

  it('the factory runs every check over the given ports', async () => {
    // Prepare
    const store = new MemoryRoutingStore();
    const kafka = new FakeKafkaCluster().addTopic('orders', 1);
    const clusters = new MemoryClusterRegistry()
      .add({ arn: BLUE_ARN, name: 'b', state: 'ACTIVE', currentVersion: 'V' })
      .add({ arn: GREEN_ARN, name: 'g', state: 'ACTIVE', currentVersion: 'W' });
    const run = createPreflightHandler({
      routing: store,
      flags: store,
      clock: { now: () => T0 },
      prefix: '/kc',
      clusters,
      kafka: async () => kafka,
      logger: recordingLogger(),
    });
    // Act
    const out = await run({ request: { plan: planInput(), requestedBy: 'alice' }, executionArn: EXECUTION_ARN }, ctx);
    // Assess
    expect(out).toMatchObject({ kind: 'ready', blue: { currentVersion: 'V' } });
  });

  it('the factory fails on a malformed event', async () => {
    const store = new MemoryRoutingStore();
    const run = createPreflightHandler({
      routing: store,
      flags: store,
      clock: { now: () => T0 },
      prefix: '/kc',
      clusters: new MemoryClusterRegistry(),
      kafka: async () => new FakeKafkaCluster(),
      logger: recordingLogger(),
    });
    await expect(run({}, ctx)).rejects.toMatchObject({ name: 'InvalidStepInputError' });
  });
});
