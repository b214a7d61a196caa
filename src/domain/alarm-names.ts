import { createHash } from 'node:crypto';

/** What an alarm watches; the rollback reads it back from the name to pick the scenario. */
export const SIGNALS = ['lag', 'client-errors', 'cluster-health'] as const;
export type Signal = (typeof SIGNALS)[number];

/** CloudWatch alarm names (metric and composite): at most 255 characters. */
export const ALARM_NAME_MAX = 255;

/**
 * `<prefix>.<migration>.<signal>.<cluster>.<detail>`: dots never occur in a prefix or a
 * migration id, so the name parses back unambiguously even when a group name holds dots.
 * Names longer than CloudWatch's 255 characters keep their head and end in a short hash.
 */
export function alarmName(prefix: string, migration: string, signal: Signal, cluster: string, detail: string): string {
  const name = `${prefix}.${migration}.${signal}.${cluster}.${detail}`;
  if (name.length <= ALARM_NAME_MAX) return name;
  const digest = createHash('sha256').update(name).digest('hex').slice(0, 12);
  return `${name.slice(0, ALARM_NAME_MAX - 13)}~${digest}`;
}

/** The one composite alarm per migration; its ALARM state starts the rollback. */
export const compositeAlarmName = (prefix: string, migration: string): string => `${prefix}.${migration}.rollback`;

/** Prefix shared by every alarm of one migration (the EventBridge rule and the handler match on it). */
export const migrationAlarmPrefix = (prefix: string, migration: string): string => `${prefix}.${migration}.`;

export interface ParsedAlarmName {
  readonly prefix: string;
  readonly migration: string;
  /** null for the composite alarm. */
  readonly signal: Signal | null;
  readonly cluster: string | null;
}

export function parseAlarmName(name: string): ParsedAlarmName | null {
  const [prefix, migration, signal, cluster] = name.split('.');
  if (!prefix || !migration || !signal) return null;
  if (signal === 'rollback' && cluster === undefined) return { prefix, migration, signal: null, cluster: null };
  if (!(SIGNALS as readonly string[]).includes(signal) || !cluster) return null;
  return { prefix, migration, signal: signal as Signal, cluster };
}

/** The alarm name at the end of an alarm ARN (`arn:...:alarm:<name>`). */
export function alarmNameFromArn(arn: string): string {
  const marker = ':alarm:';
  const at = arn.indexOf(marker);
  return at === -1 ? arn : arn.slice(at + marker.length);
}
