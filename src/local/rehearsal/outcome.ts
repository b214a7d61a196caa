import type { Phase } from '@kraft-canary/client/contract';
import type { Accounting } from './accounting.ts';
import type { ExpectedEnd, Outcome } from './report.ts';

export interface OutcomeInput {
  readonly expected: ExpectedEnd;
  readonly reached: Phase | null;
  readonly execution: string;
  readonly accounting: Accounting;
  /** Whether the last routing write still has consumers reading green. */
  readonly greenConsumed?: boolean;
  /** Acknowledged messages the mover service (moved at the cutover) never read. */
  readonly moverLost?: number;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * A rehearsal passes only when nothing was lost and the migration ended where it should:
 * complete with a successful execution, or rolled back when a fault was injected (the
 * rollout execution's own status does not matter then: a rollback stops it) with green proven
 * drained and dropped from the consumers (by the finish-rollback execution).
 */
export function judgeOutcome(input: OutcomeInput): Outcome {
  const { expected, reached, execution, accounting } = input;
  const failures: string[] = [];
  const notes: string[] = [];
  if (accounting.total.lost > 0) {
    failures.push(`${plural(accounting.total.lost, 'acknowledged message')} never consumed (lost)`);
  }
  if (accounting.total.stranded > 0) {
    failures.push(
      `${plural(accounting.total.stranded, 'acknowledged message')} never consumed (stranded: still on the cluster ahead of the group's committed offset; the rehearsal stopped before consumers caught up)`,
    );
  }
  if ((input.moverLost ?? 0) > 0) {
    failures.push(`${plural(input.moverLost ?? 0, 'acknowledged message')} never read by the mover service (lost in its move)`);
  }
  if (reached !== expected) {
    failures.push(`the rollout ended ${reached ?? 'before its first routing write'}; expected ${expected}`);
  } else if (expected === 'complete' && execution !== 'SUCCEEDED') {
    failures.push(`the rollout reached complete but its execution ended ${execution}`);
  } else if (expected === 'rolled-back' && input.greenConsumed === true) {
    failures.push('the rollback ended with consumers still reading green: green was never proven drained');
  }
  if (accounting.total.duplicated > 0) {
    notes.push(`${plural(accounting.total.duplicated, 'duplicate delivery', 'duplicate deliveries')} (at-least-once redelivery)`);
  }
  if (accounting.unacknowledged > 0) {
    notes.push(`${plural(accounting.unacknowledged, 'message')} consumed although its send reported a failure`);
  }
  return { expected, reached, execution, passed: failures.length === 0, reasons: [...failures, ...notes] };
}
