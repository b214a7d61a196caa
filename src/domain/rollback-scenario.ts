import type { RoutingDocument } from '@kraft-canary/client/contract';

/** The three rollback scenarios of the runbook; the marker records which one applied. */
export const ROLLBACK_SCENARIOS = ['early-canary', 'after-cutover', 'cluster-instability'] as const;
export type RollbackScenario = (typeof ROLLBACK_SCENARIOS)[number];

export const isRollbackScenario = (value: unknown): value is RollbackScenario => (ROLLBACK_SCENARIOS as readonly unknown[]).includes(value);

/** Which runbook scenario a rollback from this document falls under. */
export function rollbackScenarioFor(doc: RoutingDocument | null, clusterInstability: boolean): RollbackScenario {
  if (clusterInstability) return 'cluster-instability';
  const cutOver = doc !== null && (doc.phase === 'draining' || doc.phase === 'complete' || doc.producers.greenPercent >= 100);
  return cutOver ? 'after-cutover' : 'early-canary';
}
