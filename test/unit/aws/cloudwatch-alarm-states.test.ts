import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CloudWatchAlarmStates } from '../../../src/aws/cloudwatch-alarm-states.ts';

const client = new CloudWatchClient({ region: 'eu-west-1' });
const cw = mockClient(client);
const alarms = new CloudWatchAlarmStates(client);
const NAME = 'kraft-canary-prod.orders.rollback';
const SINCE = new Date('2026-05-04T03:00:00Z');

beforeEach(() => cw.reset());

describe('CloudWatchAlarmStates', () => {
  it.each([
    {
      kind: 'composite',
      answer: { CompositeAlarms: [{ AlarmName: NAME, StateValue: 'ALARM' as const, StateReason: 'lag on green', StateUpdatedTimestamp: SINCE }] },
      want: { state: 'ALARM', reason: 'lag on green', since: SINCE.getTime() },
    },
    {
      kind: 'metric',
      answer: { MetricAlarms: [{ AlarmName: NAME, StateValue: 'OK' as const, StateReason: 'fine', StateUpdatedTimestamp: SINCE }] },
      want: { state: 'OK', reason: 'fine', since: SINCE.getTime() },
    },
    {
      kind: 'unknown state value',
      answer: { CompositeAlarms: [{ AlarmName: NAME, StateValue: 'SOMETHING_NEW' as never }] },
      want: { state: 'ALARM', reason: '', since: 0 },
    },
    { kind: 'missing', answer: { CompositeAlarms: [], MetricAlarms: [] }, want: null },
    { kind: 'another alarm only', answer: { CompositeAlarms: [{ AlarmName: `${NAME}-other`, StateValue: 'ALARM' as const }] }, want: null },
  ])('reads one alarm by name ($kind)', async ({ answer, want }) => {
    // Prepare
    cw.on(DescribeAlarmsCommand).resolves(answer);
    // Act
    const status = await alarms.status(NAME);
    // Assess
    expect(status).toEqual(want);
    expect(cw.commandCalls(DescribeAlarmsCommand)[0]?.args[0].input).toEqual({ AlarmNames: [NAME], AlarmTypes: ['CompositeAlarm', 'MetricAlarm'] });
  });

  it.each([
    ['Throttling', 'TransientAwsError'],
    ['AccessDenied', 'AwsCallError'],
  ])('translates %s into %s', async (errorName, expected) => {
    // Prepare
    cw.on(DescribeAlarmsCommand).rejects(Object.assign(new Error('x'), { name: errorName }));
    // Act + Assess
    await expect(alarms.status(NAME)).rejects.toMatchObject({ name: expected, operation: 'DescribeAlarms' });
  });
});
