import type { ApprovalDecision, ApprovalMessageEditor, ApprovalRecord, ApprovalStore, Clock, ExecutionControl } from '../../ports/index.ts';
import { NoMessageEditorError } from '../errors.ts';
import { sendApprovalOutcome } from './apply-approval-decision.ts';

export interface DecidePendingApprovalPorts {
  readonly approvals: ApprovalStore;
  readonly executions: ExecutionControl;
  readonly clock: Clock;
  /** Edits the Slack request after the decision; absent, the message is left as it is. */
  readonly messages?: ApprovalMessageEditor;
}

/** What became of the Slack request: the decision stands whatever this says. */
export type MessageEdit =
  | { readonly kind: 'updated' }
  /** Nothing to edit: posted to no channel, or its location was not stored. */
  | { readonly kind: 'no-message' }
  /** The caller cannot edit it (no editor, the bot token unreadable, Slack refused): `error` says why. */
  | { readonly kind: 'not-updated'; readonly error: unknown };

export interface DecidePendingApprovalInput {
  readonly migration: string;
  readonly action: 'approve' | 'reject';
  /** The caller's IAM principal ARN: whoever may read the record and call SendTask* may decide. */
  readonly actor: string;
  readonly reason?: string;
  /** Needed only when more than one approval is pending. */
  readonly approvalId?: string;
}

export type PendingDecisionOutcome =
  | { readonly kind: 'applied'; readonly record: ApprovalRecord; readonly decision: ApprovalDecision; readonly message: MessageEdit }
  /** Claimed, but the task had stopped waiting (timed out or stopped): nothing changed. */
  | { readonly kind: 'not-waiting'; readonly record: ApprovalRecord; readonly decision: ApprovalDecision; readonly message: MessageEdit }
  | { readonly kind: 'already-decided'; readonly decision: ApprovalDecision }
  | { readonly kind: 'expired'; readonly record: ApprovalRecord }
  | { readonly kind: 'ambiguous'; readonly approvalIds: readonly string[] }
  | { readonly kind: 'none-pending' };

type Ports = DecidePendingApprovalPorts;

/** Records still open for a decision, or the reason there is none to decide. */
async function findPending(ports: Ports, input: DecidePendingApprovalInput): Promise<{ pending: ApprovalRecord } | { outcome: PendingDecisionOutcome }> {
  const all = await ports.approvals.list(input.migration);
  const records = input.approvalId === undefined ? all : all.filter((r) => r.approvalId === input.approvalId);
  const now = ports.clock.now();
  const open: ApprovalRecord[] = [];
  let decided: ApprovalDecision | null = null;
  for (const record of records) {
    const decision = await ports.approvals.decision(record.migration, record.approvalId);
    if (decision !== null) decided = decision;
    else if (now < record.expiresAt) open.push(record);
  }
  if (open.length > 1) return { outcome: { kind: 'ambiguous', approvalIds: open.map((r) => r.approvalId) } };
  if (open[0] !== undefined) return { pending: open[0] };
  const expired = records.filter((r) => now >= r.expiresAt).at(-1);
  if (expired !== undefined) return { outcome: { kind: 'expired', record: expired } };
  if (input.approvalId !== undefined) decided ??= await ports.approvals.decision(input.migration, input.approvalId);
  return { outcome: decided === null ? { kind: 'none-pending' } : { kind: 'already-decided', decision: decided } };
}

async function editMessage(ports: Ports, record: ApprovalRecord, decision: ApprovalDecision, applied: boolean): Promise<MessageEdit> {
  const { message } = record;
  if (message === undefined || record.channel === null) return { kind: 'no-message' };
  if (ports.messages === undefined) return { kind: 'not-updated', error: new NoMessageEditorError() };
  try {
    await ports.messages.settle({ ...record, message }, decision, applied);
    return { kind: 'updated' };
  } catch (error) {
    return { kind: 'not-updated', error };
  }
}

/**
 * `kraft-canary approve|reject <migration>` for teams without Slack. Authorisation is the
 * caller's IAM: reading the SecureString record and calling SendTaskSuccess/Failure. The
 * decision is claimed the same create-only way as a Slack click, so both cannot win.
 */
export const decidePendingApproval =
  (ports: Ports) =>
  async (input: DecidePendingApprovalInput): Promise<PendingDecisionOutcome> => {
    const found = await findPending(ports, input);
    if ('outcome' in found) return found.outcome;
    const record = found.pending;
    const decision = {
      action: input.action,
      by: input.actor,
      at: ports.clock.now(),
      via: 'cli',
      ...(input.reason ? { reason: input.reason } : {}),
    } as const;
    const claim = await ports.approvals.claim(record.migration, record.approvalId, decision, record.expiresAt);
    if (!claim.won) return { kind: 'already-decided', decision: claim.winner };
    let result: Awaited<ReturnType<ReturnType<typeof sendApprovalOutcome>>>;
    try {
      result = await sendApprovalOutcome(ports.executions)(record, decision);
    } catch (error) {
      // Nothing reached the workflow: withdraw the claim so that the decision can be retried.
      await ports.approvals.release(record.migration, record.approvalId);
      throw error;
    }
    // The token is spent; the decision parameter answers later clicks. Past this point the
    // decision stands: a record that cannot be removed now is swept by release-lock.
    await ports.approvals.remove(record.migration, record.approvalId).catch(() => undefined);
    const applied = result === 'accepted';
    const message = await editMessage(ports, record, decision, applied);
    return { kind: applied ? 'applied' : 'not-waiting', record, decision, message };
  };
