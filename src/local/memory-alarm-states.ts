import type { AlarmStates, AlarmStatus } from '../ports/index.ts';

/**
 * Alarm states on one machine: every alarm is OK unless told otherwise (`set`), so a local
 * rollout starts unless a test or the rehearsal puts the migration's alarm into ALARM.
 */
export class MemoryAlarmStates implements AlarmStates {
  readonly #states = new Map<string, AlarmStatus>();

  set(alarmName: string, status: AlarmStatus): this {
    this.#states.set(alarmName, status);
    return this;
  }

  async status(alarmName: string): Promise<AlarmStatus | null> {
    return this.#states.get(alarmName) ?? { state: 'OK', reason: 'no alarm raised locally', since: 0 };
  }
}
