import type { Mover, Plan } from './plan.ts';

/**
 * What kind of consumer a group on blue is. Only `library` reads both clusters during the
 * canary; the others read one cluster and must move at the cutover.
 */
export type GroupKind = 'library' | 'lambda-trigger' | 'streams' | 'connect' | 'unknown';

export interface GroupClass {
  readonly group: string;
  readonly kind: GroupKind;
  /** Why: the plan entry, the topics or the name that decided it. */
  readonly evidence: string;
  /** Kafka Streams changelog topics of the application (its stores), on blue. */
  readonly changelogs: readonly string[];
}

/** Kafka Streams names its internal topics `<application.id>-<name>-changelog|repartition`. */
export function streamsTopicsOf(group: string, topics: readonly string[]): { changelogs: string[]; repartitions: string[] } {
  const suffix = (t: string) => (t.startsWith(`${group}-`) ? /^.+-(changelog|repartition)$/.exec(t.slice(group.length + 1))?.[1] : undefined);
  return { changelogs: topics.filter((t) => suffix(t) === 'changelog'), repartitions: topics.filter((t) => suffix(t) === 'repartition') };
}

/** Kafka Connect's storage topics (offset.storage.topic, config.storage.topic, status.storage.topic), by their usual names. */
export const isConnectStorageTopic = (topic: string): boolean => /(^|[-_.])connect-(offsets|configs|status)$/.test(topic);

/** The mover entry of a group, if the plan lists it. */
export const moverOf = (plan: Plan, group: string): Mover | undefined => plan.movers?.find((m) => m.group === group);

/** Groups the plan names: those that use the library and those that move at the cutover. */
export const plannedGroups = (plan: Plan): string[] => [...new Set([...plan.consumerGroups, ...(plan.movers ?? []).map((m) => m.group)])];

/**
 * Classifies one group from what blue shows: the plan's consumerGroups (services using the
 * client library), a Lambda trigger's group, Kafka Streams internal topics named after it, or Connect's `connect-<name>`
 * group naming. Anything else is unknown, never assumed to read both clusters.
 */
export function classifyGroup(group: string, plan: Plan, topics: readonly string[], triggerGroups: readonly string[] = []): GroupClass {
  const { changelogs, repartitions } = streamsTopicsOf(group, topics);
  if (plan.consumerGroups.includes(group)) return { group, kind: 'library', evidence: "listed in the plan's consumerGroups", changelogs: [] };
  if (triggerGroups.includes(group)) return { group, kind: 'lambda-trigger', evidence: 'the group of a Lambda event source mapping on blue', changelogs: [] };
  const internal = [...changelogs, ...repartitions];
  if (internal.length > 0) {
    const shown = internal.slice(0, 3).join(', ');
    return { group, kind: 'streams', evidence: `Kafka Streams internal topics ${shown}${internal.length > 3 ? ', …' : ''}`, changelogs };
  }
  if (group.startsWith('connect-')) {
    const storage = topics.filter(isConnectStorageTopic);
    const seen = storage.length > 0 ? `; Connect storage topics ${storage.join(', ')}` : '';
    return { group, kind: 'connect', evidence: `Connect sink group name connect-<connector>${seen}`, changelogs: [] };
  }
  return { group, kind: 'unknown', evidence: 'not in consumerGroups, no Kafka Streams internal topics, not a connect-* group', changelogs: [] };
}
