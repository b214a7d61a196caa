/**
 * Alarm states (CloudWatch DescribeAlarms in src/aws/; set by hand or by the rehearsal locally): a
 * rollout must not start while its composite alarm is already in ALARM, since no new alarm event
 * would fire while it stays there.
 */

export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

export interface AlarmStatus {
  readonly state: AlarmStateValue;
  /** CloudWatch's state reason (metric values, triggering alarms); no secrets. */
  readonly reason: string;
  /** When the alarm entered this state (epoch ms). */
  readonly since: number;
}

export interface AlarmStates {
  /** A metric or composite alarm's current state, or null when no alarm has that name. */
  status(alarmName: string): Promise<AlarmStatus | null>;
}
