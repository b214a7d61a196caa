import { alarmName } from '../domain/alarm-names.ts';
import type { AlarmConfig } from './alarm-config.ts';
import { type AlarmDefinition, type CompositeDefinition, compositeDefinition } from './definitions.ts';
import { AlarmConfigError } from './errors.ts';

/**
 * PutCompositeAlarm: "The rule expression of a composite alarm can include as many as 100
 * underlying alarms" (CloudWatch API reference), in a rule of at most 10,240 characters.
 */
export const MAX_COMPOSITE_CHILDREN = 100;
export const MAX_ALARM_RULE = 10_240;

export const alarmRuleText = (children: readonly string[]): string => children.map((name) => `ALARM("${name}")`).join(' OR ');

const fits = (children: readonly string[]): boolean => children.length <= MAX_COMPOSITE_CHILDREN && alarmRuleText(children).length <= MAX_ALARM_RULE;

/** Children in order, cut into runs that each fit one composite rule. */
function chunkRule(children: readonly string[]): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  for (const child of children) {
    if (current.length > 0 && !fits([...current, child])) {
      chunks.push(current);
      current = [];
    }
    current.push(child);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * The composite alarms of a migration, children before parents, the rollback composite last.
 * While every metric alarm fits one rule, that is the only composite. Beyond (a wide lagWatch:
 * 4 alarms per 10 topics of each watched group), the metric alarms are grouped by signal and
 * cluster under nested composites named like a metric alarm of that signal and cluster
 * (`<prefix>.<migration>.lag.blue.any`), so that the rollback still reads from the alarm that
 * triggered which scenario applies; the rollback composite references those. A lagWatch that
 * would need more than 100 of them is refused at packaging.
 */
export function compositeTree(config: AlarmConfig, alarms: readonly AlarmDefinition[]): CompositeDefinition[] {
  const top = compositeDefinition(config, alarms);
  if (fits(top.children)) return [top];
  const groups = new Map<string, AlarmDefinition[]>();
  for (const alarm of alarms) {
    const key = `${alarm.signal}|${alarm.cluster}`;
    groups.set(key, [...(groups.get(key) ?? []), alarm]);
  }
  const nested = [...groups.values()].flatMap((members) => {
    const { signal, cluster } = members[0] as AlarmDefinition;
    const chunks = chunkRule(members.map((m) => m.name));
    return chunks.map((children, i) => ({
      name: alarmName(config.namePrefix, config.migration, signal, cluster, chunks.length === 1 ? 'any' : `any-${i + 1}`),
      description: `any ${signal} alarm of ${config.migration} on ${cluster}${chunks.length === 1 ? '' : ` (part ${i + 1} of ${chunks.length})`} in ALARM`,
      children,
    }));
  });
  const parent = { ...top, children: nested.map((n) => n.name) };
  if (!fits(parent.children)) {
    throw new AlarmConfigError(
      `${alarms.length} alarms need ${nested.length} nested composite alarms, and the rollback composite can reference ${MAX_COMPOSITE_CHILDREN}: watch fewer groups or topics`,
    );
  }
  return [...nested, parent];
}
