/**
 * Approval housekeeping (SSM GetParametersByPath + DeleteParameters in src/aws/): approval records
 * and decision parameters are swept once their approval expired, and a decision made with the CLI
 * edits the Slack message (chat.update) the buttons are in.
 */
import type { ApprovalDecision, ApprovalMessageRef, ApprovalRecord } from './approvals.ts';

/** One stored approval record or decision parameter, with what decides when it may go. */
export interface StoredApprovalEntry {
  readonly kind: 'record' | 'decision';
  readonly approvalId: string;
  /** The approval's expiry (epoch ms); null when the entry does not say (unreadable, older format). */
  readonly expiresAt: number | null;
  /** The execution that asked (records only; null for decisions or when unreadable). */
  readonly executionArn: string | null;
}

export interface ApprovalHousekeeping {
  /** Every approval record and decision parameter of a migration. */
  entries(migration: string): Promise<StoredApprovalEntry[]>;
  /** Deletes entries in batches of ten; entries already gone count as deleted. */
  delete(migration: string, entries: readonly StoredApprovalEntry[]): Promise<{ deleted: number; failed: number }>;
}

/** Replaces a posted approval request with the decision (who, when, buttons removed). */
export interface ApprovalMessageEditor {
  settle(record: ApprovalRecord & { readonly message: ApprovalMessageRef }, decision: ApprovalDecision, applied: boolean): Promise<void>;
}
