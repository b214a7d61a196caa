import type { RoutingDocument } from '@kraft-canary/client/contract';
import { z } from 'zod';

/** Where an execution of the rollout state machine starts (the execution input's `entry`). */
export const ENTRIES = ['rollout', 'finish-rollback', 'decommission'] as const;
export type Entry = (typeof ENTRIES)[number];
export const EntrySchema = z.enum(ENTRIES);

/** What a `finish-rollback` execution finds: whether consumers still read green, and why it was rolled back. */
export interface FinishRollbackPoint {
  readonly greenConsumed: boolean;
  /** The reason of the routing document read (the rollback's reason, or the restart's). */
  readonly reason: string;
  readonly revision: number;
}

export type EntryPoint =
  | { kind: 'finish-rollback'; finish: FinishRollbackPoint }
  | { kind: 'decommission' }
  | { kind: 'refused'; code: 'not-rolled-back' | 'not-complete'; message: string };

const phaseOf = (doc: RoutingDocument | null): string => (doc === null ? 'missing (no rollout yet)' : doc.phase);

/**
 * Whether the routing document lets a non-rollout entry run. `finish-rollback` drains green
 * after a rollback (the document is rolled back, or idle after a start that kept green in the
 * consumers); `decommission` deletes or reports on blue once the migration is complete.
 */
export function entryPoint(entry: Exclude<Entry, 'rollout'>, doc: RoutingDocument | null): EntryPoint {
  if (entry === 'decommission') {
    if (doc?.phase === 'complete') return { kind: 'decommission' };
    return { kind: 'refused', code: 'not-complete', message: `the decommission entry needs a complete migration; the routing phase is ${phaseOf(doc)}` };
  }
  if (doc === null || (doc.phase !== 'rolled-back' && doc.phase !== 'idle')) {
    return {
      kind: 'refused',
      code: 'not-rolled-back',
      message: `the finish-rollback entry needs a rolled-back migration; the routing phase is ${phaseOf(doc)}`,
    };
  }
  return { kind: 'finish-rollback', finish: { greenConsumed: doc.consumers.green, reason: doc.reason, revision: doc.revision } };
}
