import { type CloudWatchClient, DescribeAlarmsCommand, type DescribeAlarmsCommandOutput } from '@aws-sdk/client-cloudwatch';
import type { AlarmStates, AlarmStateValue, AlarmStatus } from '../ports/index.ts';
import { translateAwsError } from './errors.ts';

const STATES: readonly string[] = ['OK', 'ALARM', 'INSUFFICIENT_DATA'];

/** CloudWatch DescribeAlarms for one alarm by name, composite or metric alarm alike. */
export class CloudWatchAlarmStates implements AlarmStates {
  readonly #client: CloudWatchClient;

  constructor(client: CloudWatchClient) {
    this.#client = client;
  }

  async status(alarmName: string): Promise<AlarmStatus | null> {
    let out: DescribeAlarmsCommandOutput;
    try {
      out = await this.#client.send(new DescribeAlarmsCommand({ AlarmNames: [alarmName], AlarmTypes: ['CompositeAlarm', 'MetricAlarm'] }));
    } catch (error) {
      throw translateAwsError('DescribeAlarms', error);
    }
    const alarm = [...(out.CompositeAlarms ?? []), ...(out.MetricAlarms ?? [])].find((a) => a.AlarmName === alarmName);
    if (alarm === undefined) return null;
    // An unknown state value is treated as ALARM: the check exists to stop a start, never to wave one through.
    const state = (STATES.includes(alarm.StateValue ?? '') ? alarm.StateValue : 'ALARM') as AlarmStateValue;
    return { state, reason: alarm.StateReason ?? '', since: alarm.StateUpdatedTimestamp?.getTime() ?? 0 };
  }
}
