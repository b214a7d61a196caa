/**
 * Approvals: the stored request and its decision (SSM SecureString records in src/aws/, in memory
 * locally), and the channel where people answer (Slack in src/slack/).
 */
import type { GateResult } from '../domain/gates.ts';

export interface Approvers {
  readonly users: readonly string[];
  readonly userGroup?: string;
}

/** What the state machine waits on; everything needed to resume it without the Slack message. */
export interface ApprovalRecord {
  readonly approvalId: string;
  readonly migration: string;
  /**
   * `pause`: the rollout holds until someone resumes it (approve = resume). `promote`: an
   * operator asked to skip to the cutover (`promote --full`); an approver confirms it.
   */
  readonly kind: 'stage' | 'decommission' | 'pause' | 'promote';
  readonly stageIndex: number;
  readonly fromPercent: number;
  readonly toPercent: number;
  readonly executionArn: string;
  readonly channel: string | null;
  readonly approvers: Approvers;
  /** Step Functions task token: leaves the store only towards SendTaskSuccess/Failure. */
  readonly taskToken: string;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly onTimeout: 'hold' | 'rollback' | null;
  /** Where the request was posted (chat.postMessage's channel and ts), so a CLI decision can edit it. */
  readonly message?: ApprovalMessageRef;
  /** Who paused (or asked for the full promotion) and why. */
  readonly pause?: { readonly by: string; readonly reason: string };
  /** The facts the request showed, kept only while the record stays small, to re-render it when settled. */
  readonly evidence?: ApprovalContext;
}

export interface ApprovalMessageRef {
  readonly channel: string;
  readonly ts: string;
}

export type ApprovalAction = 'approve' | 'reject' | 'roll-back';

export interface ApprovalDecision {
  readonly action: ApprovalAction;
  /** Slack user id or IAM principal ARN. */
  readonly by: string;
  readonly byName?: string;
  readonly at: number;
  readonly via: 'slack' | 'cli';
  readonly reason?: string;
}

export interface ApprovalStore {
  put(record: ApprovalRecord): Promise<void>;
  /** Overwrites an existing record (adds the posted message's location). */
  update(record: ApprovalRecord): Promise<void>;
  get(migration: string, approvalId: string): Promise<ApprovalRecord | null>;
  /** Every stored record of a migration (pending or expired), oldest first. */
  list(migration: string): Promise<ApprovalRecord[]>;
  /** Deletes the record (and with it the task token); a missing record is not an error. */
  remove(migration: string, approvalId: string): Promise<void>;
  /**
   * Create-only: the first decision wins; a later caller gets the winning decision back. The
   * approval's `expiresAt` is stored with the decision: once past, the decision may be swept.
   */
  claim(
    migration: string,
    approvalId: string,
    decision: ApprovalDecision,
    expiresAt: number,
  ): Promise<{ won: true } | { won: false; winner: ApprovalDecision }>;
  decision(migration: string, approvalId: string): Promise<ApprovalDecision | null>;
  /** Withdraws a claim whose decision could not be delivered, so that it can be retried. */
  release(migration: string, approvalId: string): Promise<void>;
}

/** Facts shown with an approval request; not stored (the record stays small). */
export interface ApprovalContext {
  readonly gate: GateResult | null;
  readonly bakeSeconds: number;
}

/** A reply only the clicking person sees. */
export type ApprovalAnswer =
  | { readonly kind: 'already-decided'; readonly decision: ApprovalDecision }
  | { readonly kind: 'expired'; readonly expiresAt: number }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'not-an-approver' }
  | { readonly kind: 'failed'; readonly action: ApprovalAction };

/** The original approval message as the click delivered it (opaque to the controller). */
export interface OriginalMessage {
  readonly text?: string;
  readonly blocks?: readonly unknown[];
}

/** Where approvals are asked and answered (Slack in src/slack/). */
export interface ApprovalChannel {
  /**
   * Posts the request with Approve / Reject / Roll back now buttons to record.channel. Returns
   * where it went when the channel can tell (Slack); channels without messages return nothing.
   */
  // biome-ignore lint/suspicious/noConfusingVoidType: channels without a message to point at (the rehearsal's) return nothing
  post(record: ApprovalRecord, context: ApprovalContext): Promise<ApprovalMessageRef | void>;
  /**
   * Replaces the original message: who decided and when, buttons removed. `applied` is false
   * when the workflow had stopped waiting (timed out or stopped) before the decision arrived.
   */
  settle(responseUrl: string, original: OriginalMessage, record: ApprovalRecord, decision: ApprovalDecision, applied: boolean): Promise<void>;
  tell(responseUrl: string, answer: ApprovalAnswer): Promise<void>;
  /** Member user ids of a user group. */
  groupMembers(userGroup: string): Promise<readonly string[]>;
}

/** A click that passed verification and authorisation, handed to a later invocation. */
export interface ApprovalJob {
  readonly migration: string;
  readonly approvalId: string;
  readonly decision: ApprovalDecision;
  readonly responseUrl: string;
  readonly original: OriginalMessage;
}

export interface ApprovalJobQueue {
  enqueue(job: ApprovalJob): Promise<void>;
}

/**
 * Lambda delivers an asynchronous event at least once: a create-only mark per approval job,
 * so that a job delivered twice is applied, and shown in Slack, once.
 */
export interface ApprovalJobMarks {
  /** True for the first taker of this job; false when it was taken up already. Kept until `expiresAt`. */
  takeJob(migration: string, approvalId: string, jobId: string, expiresAt: number): Promise<boolean>;
  /** Withdraws the mark of a job that failed, with its claim, so that the same click can be retried. */
  releaseJob(migration: string, approvalId: string, jobId: string): Promise<void>;
}
