import type { ApprovalHousekeeping, Clock, Logger, StoredApprovalEntry } from '../../ports/index.ts';

export interface SweepApprovalsPorts {
  readonly housekeeping: ApprovalHousekeeping;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface SweepResult {
  readonly found: number;
  readonly deleted: number;
  readonly failed: number;
  readonly kept: number;
}

const isPast = (expiresAt: number | null, now: number): boolean => expiresAt === null || expiresAt <= now;

/**
 * What may go. A record goes once its approval expired, when it is unreadable (nothing can use
 * it), or when it belongs to the execution that is ending: a state timeout fires before the
 * record's own expiry (the record is written a moment after the task starts), and a token of an
 * ending execution resumes nothing. A decision goes with its record, or on its own once past
 * its approval's expiry (a decision without an expiry predates it being stored: its record is
 * gone, so it can only answer a late click). Everything of a live approval of another running
 * execution stays.
 */
export function sweepable(entries: readonly StoredApprovalEntry[], now: number, endingExecutionArn: string): StoredApprovalEntry[] {
  const records = entries.filter((e) => e.kind === 'record');
  const goingRecords = records.filter((r) => isPast(r.expiresAt, now) || r.executionArn === endingExecutionArn);
  const going = new Set(goingRecords.map((r) => r.approvalId));
  const kept = new Set(records.filter((r) => !going.has(r.approvalId)).map((r) => r.approvalId));
  const goingDecisions = entries.filter((e) => e.kind === 'decision' && !kept.has(e.approvalId) && (going.has(e.approvalId) || isPast(e.expiresAt, now)));
  return [...goingRecords, ...goingDecisions];
}

/**
 * Deletes the migration's spent approval records and decision parameters (SSM allows 10,000
 * standard parameters per account and region, and a task token should not outlive its use).
 * Never throws: the sweep is housekeeping, and the release it follows must not fail over it.
 */
export const sweepApprovals =
  (ports: SweepApprovalsPorts) =>
  async (migration: string, endingExecutionArn: string): Promise<SweepResult | null> => {
    let entries: StoredApprovalEntry[];
    try {
      entries = await ports.housekeeping.entries(migration);
    } catch (error) {
      ports.logger.warn('approval sweep skipped: listing failed', { migration, error: (error as Error).name });
      return null;
    }
    const going = sweepable(entries, ports.clock.now(), endingExecutionArn);
    const outcome =
      going.length === 0 ? { deleted: 0, failed: 0 } : await ports.housekeeping.delete(migration, going).catch(() => ({ deleted: 0, failed: going.length }));
    const result = { found: entries.length, ...outcome, kept: entries.length - going.length };
    if (result.failed > 0) ports.logger.warn('approval sweep incomplete: the next release retries', { migration, ...result });
    else ports.logger.info('approval sweep done', { migration, ...result });
    return result;
  };
