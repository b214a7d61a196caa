import { DescribeExecutionCommand, SFNClient, StartExecutionCommand, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { PutParameterCommand } from '@aws-sdk/client-ssm';
import type { RoutingDocument } from '@kraft-canary/client/contract';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createRollbackHandler, type RollbackHandlerPorts } from '../../../functions/rollback.ts';
import { SfnExecutionControl } from '../../../src/aws/sfn-execution-control.ts';
import { SsmRoutingStore } from '../../../src/aws/ssm-routing-store.ts';
import type { Notification } from '../../../src/ports/index.ts';
import { planInput } from '../../support/rollout-fixtures.ts';
import { fakeSsm } from './fake-ssm.ts';

const MIGRATION = 'orders-kraft';
const PREFIX = '/kraft-canary';
const ALARMS = 'kraft-canary-prod.orders-kraft.';
const EXECUTION = 'arn:aws:states:eu-west-1:111122223333:execution:kraft-canary-prod-orders-kraft:run-1';
const ROUTING = `${PREFIX}/${MIGRATION}/routing`;
const LOCK = `${PREFIX}/${MIGRATION}/lock`;
const MARKER = `${PREFIX}/${MIGRATION}/rolled-back`;
const NOW = Date.parse('2026-05-04T03:00:00Z');

const doc = (revision: number, phase: RoutingDocument['phase'], greenPercent: number): RoutingDocument => ({
  schema: 1,
  migration: MIGRATION,
  revision,
  phase,
  producers: { greenPercent },
  consumers: { blue: true, green: phase !== 'idle' },
  updatedAt: '2026-05-04T02:00:00.000Z',
  updatedBy: 'rollout',
  reason: 'stage',
  executionArn: EXECUTION,
});

const childArn = (name: string) => `arn:aws:cloudwatch:eu-west-1:111122223333:alarm:${ALARMS}${name}`;

/** The event EventBridge delivers when the composite alarm goes to ALARM. */
const compositeEvent = (child: string, state = 'ALARM', alarmName = `${ALARMS}rollback`) => ({
  version: '0',
  id: 'c4c1c1c9-6542-e61b-6ef0-8c4d36933a92',
  'detail-type': 'CloudWatch Alarm State Change',
  source: 'aws.cloudwatch',
  account: '111122223333',
  time: '2026-05-04T03:00:00Z',
  region: 'eu-west-1',
  resources: [`arn:aws:cloudwatch:eu-west-1:111122223333:alarm:${alarmName}`],
  detail: {
    alarmName,
    state: {
      value: state,
      reason: `${childArn(child)} transitioned to ALARM at Monday 04 May, 2026 02:59:00 UTC`,
      reasonData: JSON.stringify({ triggeringAlarms: [{ arn: childArn(child), state: { value: 'ALARM', timestamp: '2026-05-04T02:59:00.000+0000' } }] }),
      timestamp: '2026-05-04T03:00:00.000+0000',
    },
    previousState: { value: 'OK' },
    configuration: { alarmRule: `ALARM("${ALARMS}${child}")` },
  },
});

describe('rollback handler (SSM and Step Functions through aws-sdk-client-mock)', () => {
  let ssm: ReturnType<typeof fakeSsm>;
  const sfn = mockClient(SFNClient);
  let notifications: Notification[];

  const handler = (context = { migration: MIGRATION, alarmNamePrefix: ALARMS }) => {
    const store = new SsmRoutingStore(ssm.client, PREFIX);
    const ports: RollbackHandlerPorts = {
      routing: store,
      flags: store,
      executions: new SfnExecutionControl(new SFNClient({ region: 'eu-west-1' })),
      notifier: { notify: async (n) => void notifications.push(n) },
      metrics: { put: async () => {} },
      namespace: 'KraftCanary',
      logger: { info: () => {}, warn: () => {}, error: () => {} },
      clock: { now: () => NOW },
      prefix: PREFIX,
      context,
    };
    return createRollbackHandler(ports);
  };
  const invoke = (event: unknown) => handler()(event, {} as never);
  const routing = () => JSON.parse(ssm.value(ROUTING) ?? 'null') as RoutingDocument;
  const marker = () => JSON.parse(ssm.value(MARKER) ?? 'null') as { scenario: string; by: string };

  beforeEach(() => {
    ssm = fakeSsm();
    sfn.reset();
    sfn.on(StopExecutionCommand).resolves({ stopDate: new Date(NOW) });
    notifications = [];
  });

  const scenarios = [
    {
      name: 'early canary (20 %): green traffic back to 0',
      start: doc(2, 'canary', 20),
      child: 'lag.green.orders-service.offset-lag',
      expected: 'early-canary',
    },
    {
      name: 'after the producer cutover: producers back to blue',
      start: doc(5, 'draining', 100),
      child: 'client-errors.green.producer',
      expected: 'after-cutover',
    },
    {
      name: 'green cluster instability: all producers on blue',
      start: doc(3, 'canary', 50),
      child: 'cluster-health.green.offline-partitions',
      expected: 'cluster-instability',
    },
    // A wide lagWatch nests the composites: the rollback composite then names a nested one.
    {
      name: 'green cluster instability through a nested composite',
      start: doc(3, 'canary', 50),
      child: 'cluster-health.green.any',
      expected: 'cluster-instability',
    },
    { name: 'lag through a nested composite (part 2)', start: doc(2, 'canary', 20), child: 'lag.blue.any-2', expected: 'early-canary' },
  ];

  it.each(scenarios)('$name', async ({ start, child, expected }) => {
    // Prepare
    ssm.seed(ROUTING, JSON.stringify(start));
    ssm.seed(LOCK, EXECUTION);
    // Act
    const result = await invoke(compositeEvent(child));
    // Assess
    expect(result).toMatchObject({ kind: 'rolled-back', scenario: expected, changed: true, holds: true, stoppedExecution: EXECUTION, lockReleased: true });
    expect(routing()).toMatchObject({
      phase: 'rolled-back',
      revision: start.revision + 1,
      producers: { greenPercent: 0 },
      consumers: { blue: true, green: true },
    });
    expect(marker()).toMatchObject({ scenario: expected, by: `alarm:${ALARMS}rollback` });
    expect(sfn.commandCalls(StopExecutionCommand)[0]?.args[0].input.executionArn).toBe(EXECUTION);
    expect(ssm.value(LOCK)).toBeNull();
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({ kind: 'rollback', fields: { scenario: expected, 'triggered by': `${ALARMS}${child}` } });
    expect(notifications[0]?.text).toContain('transitioned to ALARM');
  });

  it('starts the finish-rollback execution on the plan the stopped rollout ran (DescribeExecution, StopExecution, StartExecution)', async () => {
    // Prepare
    ssm.seed(ROUTING, JSON.stringify(doc(2, 'canary', 20)));
    ssm.seed(LOCK, EXECUTION);
    const plan = planInput({ migration: MIGRATION });
    sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING', input: JSON.stringify({ plan, requestedBy: 'ops' }) });
    const finish = 'arn:aws:states:eu-west-1:111122223333:execution:kraft-canary-prod-orders-kraft:orders-kraft-finish-3';
    sfn.on(StartExecutionCommand).resolves({ executionArn: finish });
    // Act
    const result = await invoke(compositeEvent('lag.green.orders-service.offset-lag'));
    // Assess
    expect(result).toMatchObject({ kind: 'rolled-back', stoppedExecution: EXECUTION, lockReleased: true, finish: { kind: 'started', executionArn: finish } });
    expect(sfn.commandCalls(StartExecutionCommand).map((c) => c.args[0].input)).toEqual([
      {
        stateMachineArn: 'arn:aws:states:eu-west-1:111122223333:stateMachine:kraft-canary-prod-orders-kraft',
        name: 'orders-kraft-finish-3',
        input: JSON.stringify({ plan, requestedBy: `alarm:${ALARMS}rollback`, entry: 'finish-rollback' }),
      },
    ]);
    expect(notifications[0]?.fields).toMatchObject({ 'finish-rollback execution': finish });
  });

  it('a duplicate alarm event changes nothing and notifies nobody again', async () => {
    // Prepare
    ssm.seed(ROUTING, JSON.stringify(doc(2, 'canary', 20)));
    ssm.seed(LOCK, EXECUTION);
    const event = compositeEvent('lag.blue.billing.time-lag');
    await invoke(event);
    const versions = ssm.history(ROUTING).length;
    // Act
    const again = await invoke(event);
    // Assess
    expect(again).toMatchObject({ kind: 'rolled-back', changed: false, writes: 0, lockReleased: false });
    expect(ssm.history(ROUTING)).toHaveLength(versions);
    expect(notifications).toHaveLength(1);
  });

  it.each([
    {
      name: 'an alarm of another migration',
      event: compositeEvent('lag.green.x.offset-lag', 'ALARM', 'kraft-canary-prod.payments-kraft.rollback'),
      reason: 'foreign-alarm',
    },
    { name: 'an alarm of another deployment', event: compositeEvent('lag.green.x.offset-lag', 'ALARM', 'unrelated-alarm'), reason: 'foreign-alarm' },
    { name: 'the alarm going back to OK', event: compositeEvent('lag.green.x.offset-lag', 'OK'), reason: 'not-in-alarm' },
    {
      name: 'an operator request for another migration',
      event: { source: 'operator', migration: 'payments-kraft', reason: 'x', actor: 'U1' },
      reason: 'foreign-migration',
    },
  ])('ignores $name without touching SSM', async ({ event, reason }) => {
    // Prepare
    ssm.seed(ROUTING, JSON.stringify(doc(2, 'canary', 20)));
    // Act
    const result = await invoke(event);
    // Assess
    expect(result).toMatchObject({ kind: 'ignored', reason });
    expect(ssm.mock.commandCalls(PutParameterCommand)).toHaveLength(0);
    expect(routing().phase).toBe('canary');
  });

  it.each([
    { name: 'not an object', event: 'hello' },
    { name: 'null', event: null },
    { name: 'an alarm event without a detail', event: { source: 'aws.cloudwatch', 'detail-type': 'CloudWatch Alarm State Change' } },
    { name: 'a state machine input without an execution', event: { source: 'state-machine', migration: MIGRATION, reason: 'gate failed' } },
    { name: 'an operator input with a bad migration id', event: { source: 'operator', migration: 'Orders!', reason: 'x', actor: 'U1' } },
  ])('drops a malformed event ($name) without throwing', async ({ event }) => {
    // Act
    const result = await invoke(event);
    // Assess
    expect(result).toMatchObject({ kind: 'malformed' });
    expect(ssm.mock.commandCalls(PutParameterCommand)).toHaveLength(0);
  });

  it('is a no-op when no rollout is active', async () => {
    // Prepare
    ssm.seed(ROUTING, JSON.stringify({ ...doc(1, 'idle', 0), consumers: { blue: true, green: false } }));
    // Act
    const result = await invoke(compositeEvent('lag.green.orders-service.offset-lag'));
    // Assess
    expect(result).toEqual({ kind: 'no-op', migration: MIGRATION, reason: 'no-rollout' });
    expect(ssm.value(MARKER)).toBeNull();
  });

  it('does not stop the execution that asked for its own rollback', async () => {
    // Prepare
    ssm.seed(ROUTING, JSON.stringify(doc(2, 'canary', 20)));
    ssm.seed(LOCK, EXECUTION);
    // Act
    const result = await invoke({ source: 'state-machine', migration: MIGRATION, reason: 'gate failed', executionArn: EXECUTION });
    // Assess
    expect(result).toMatchObject({ kind: 'rolled-back', scenario: 'early-canary', stoppedExecution: null, lockReleased: true });
    expect(sfn.commandCalls(StopExecutionCommand)).toHaveLength(0);
    expect(routing().phase).toBe('rolled-back');
  });
});
