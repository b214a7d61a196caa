import { compositeAlarmName } from '../../domain/alarm-names.ts';
import { clip } from '../../domain/clip.ts';
import type { AlarmStates } from '../../ports/index.ts';
import { type CheckRow, row } from '../../readiness/check-row.ts';

/** Where the migration's composite alarm is read: its states and the deployment's alarm name prefix. */
export interface MigrationAlarmPorts {
  readonly states: AlarmStates;
  /** `<prefix>` of `<prefix>.<migration>.rollback` (src/alarms/alarm-names.ts). */
  readonly namePrefix: string;
}

export type AlarmCheck =
  | { readonly row: CheckRow; readonly refusal: null }
  | { readonly row: CheckRow; readonly refusal: { readonly code: 'in-alarm' | 'alarm-missing'; readonly message: string } };

/**
 * The composite alarm must not be in ALARM when a rollout starts: the alarm rule fires on the
 * move into ALARM, so an alarm already there would never roll this rollout back. A missing
 * alarm refuses too: the rollout would run without its emergency brake.
 */
export async function checkMigrationAlarm(alarms: MigrationAlarmPorts, migration: string): Promise<AlarmCheck> {
  const name = compositeAlarmName(alarms.namePrefix, migration);
  const status = await alarms.states.status(name);
  if (status === null) {
    const message = `the composite alarm ${name} does not exist: deploy the migration's stack before a rollout`;
    return { row: row('alarms/composite', 'fail', message), refusal: { code: 'alarm-missing', message } };
  }
  if (status.state === 'ALARM') {
    const since = status.since > 0 ? ` since ${new Date(status.since).toISOString()}` : '';
    const message = `the composite alarm ${name} is in ALARM${since} (${clip(status.reason, 300)}); no alarm would roll this rollout back: start again once it is OK`;
    return { row: row('alarms/composite', 'fail', message), refusal: { code: 'in-alarm', message } };
  }
  return { row: row('alarms/composite', 'ok', `${name} is ${status.state}`), refusal: null };
}
