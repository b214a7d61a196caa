import type { LambdaKafkaTrigger } from '../ports/index.ts';

export interface TriggerPair {
  readonly blue: LambdaKafkaTrigger;
  /** The green trigger of the same function on the same topics, if any. */
  readonly green: LambdaKafkaTrigger | undefined;
}

/** A reader on green that is not visible as a consumer group there (yet). */
export interface CoverageDeclaration {
  readonly group: string;
  readonly source: string;
  /** False while it cannot read yet, e.g. a trigger created disabled. */
  readonly active: boolean;
}

const topicsKey = (t: LambdaKafkaTrigger): string => [...t.topics].sort().join(',');
const pairKey = (t: LambdaKafkaTrigger): string => `${t.functionArn}|${topicsKey(t)}`;

/** The group a trigger reads with: Lambda uses the mapping's uuid when none was configured. */
export const triggerGroup = (t: LambdaKafkaTrigger): string => t.consumerGroupId ?? t.uuid;

const INACTIVE = new Set(['Disabled', 'Disabling', 'Deleting']);
export const isActive = (t: LambdaKafkaTrigger): boolean => !INACTIVE.has(t.state);

/** Pairs each blue trigger with green's trigger of the same function and topics. */
export function pairTriggers(blue: readonly LambdaKafkaTrigger[], green: readonly LambdaKafkaTrigger[]): TriggerPair[] {
  const byKey = new Map(green.map((t) => [pairKey(t), t]));
  return blue.map((b) => ({ blue: b, green: byKey.get(pairKey(b)) }));
}

/** Blue trigger groups that a green twin will read for, whatever group id the twin uses. */
export function triggerDeclarations(pairs: readonly TriggerPair[]): CoverageDeclaration[] {
  return pairs.flatMap(({ blue, green }) =>
    green === undefined ? [] : [{ group: triggerGroup(blue), source: `Lambda trigger ${green.uuid} (${green.state})`, active: isActive(green) }],
  );
}
