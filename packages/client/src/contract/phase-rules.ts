import type { FieldIssue } from './result.ts';

export const PHASES = ['idle', 'canary', 'draining', 'complete', 'rolled-back'] as const;
export type Phase = (typeof PHASES)[number];

interface PhaseRule {
  greenPercent?: number;
  blue?: boolean;
  green?: boolean;
}

/**
 * What each phase pins down. A client that ignored these could strand data (no consumer on a
 * cluster that still holds messages) or split traffic in a phase that forbids it. The same
 * table feeds the validator and the JSON Schema shipped to other languages.
 */
export const PHASE_RULES: Readonly<Record<Phase, PhaseRule>> = {
  idle: { greenPercent: 0, blue: true },
  canary: { blue: true, green: true },
  draining: { greenPercent: 100, blue: true, green: true },
  complete: { greenPercent: 100, blue: false, green: true },
  'rolled-back': { greenPercent: 0, blue: true },
};

interface RoutedFields {
  phase: Phase;
  producers: { greenPercent: number };
  consumers: { blue: boolean; green: boolean };
}

/** Every way a document breaks its phase's rules, or consumes no cluster at all. */
export function phaseRuleIssues(doc: RoutedFields): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const rule = PHASE_RULES[doc.phase];
  const check = (path: string, expected: number | boolean | undefined, actual: number | boolean) => {
    if (expected !== undefined && expected !== actual) issues.push({ path, message: `must be ${expected} while ${doc.phase}` });
  };
  if (!doc.consumers.blue && !doc.consumers.green) issues.push({ path: 'consumers', message: 'at least one cluster must be consumed' });
  check('producers.greenPercent', rule.greenPercent, doc.producers.greenPercent);
  check('consumers.blue', rule.blue, doc.consumers.blue);
  check('consumers.green', rule.green, doc.consumers.green);
  return issues;
}

const constants = (entries: Record<string, number | boolean | undefined>) =>
  Object.fromEntries(Object.entries(entries).flatMap(([key, value]) => (value === undefined ? [] : [[key, { const: value }]])));

/** An object schema with these properties (typed, so that strict validators such as Ajv accept it). */
const object = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ type: 'object', properties, ...extra });

/** The phase rules as JSON Schema (draft 2020-12) `if`/`then` clauses. */
export function phaseRulesJsonSchema(): Record<string, unknown>[] {
  const atLeastOne = object({
    consumers: { type: 'object', anyOf: [object({ blue: { const: true } }), object({ green: { const: true } })] },
  });
  const perPhase = Object.entries(PHASE_RULES).map(([phase, rule]) => ({
    if: object({ phase: { const: phase } }, { required: ['phase'] }),
    // biome-ignore lint/suspicious/noThenProperty: the JSON Schema keyword; this object is data, never awaited.
    then: object({
      producers: object(constants({ greenPercent: rule.greenPercent })),
      consumers: object(constants({ blue: rule.blue, green: rule.green })),
    }),
  }));
  return [atLeastOne, ...perPhase];
}
