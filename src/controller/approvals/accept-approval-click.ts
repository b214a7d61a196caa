import type {
  ApprovalAction,
  ApprovalAnswer,
  ApprovalChannel,
  ApprovalDecision,
  ApprovalJob,
  ApprovalJobQueue,
  ApprovalRecord,
  ApprovalStore,
  Clock,
  Logger,
  OriginalMessage,
} from '../../ports/index.ts';
import { isApprover } from './is-approver.ts';

export interface AcceptApprovalClickPorts {
  readonly approvals: ApprovalStore;
  readonly channel: ApprovalChannel;
  readonly queue: ApprovalJobQueue;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** A button click whose signature already held. */
export interface ApprovalClickInput {
  readonly migration: string;
  readonly approvalId: string;
  readonly action: ApprovalAction;
  readonly user: { readonly id: string; readonly name?: string };
  readonly responseUrl: string;
  readonly original: OriginalMessage;
}

export type ClickOutcome =
  /** Claimed and queued: a later invocation applies the decision. */
  | { readonly kind: 'accepted'; readonly decision: ApprovalDecision }
  | { readonly kind: 'already-decided'; readonly decision: ApprovalDecision }
  | { readonly kind: 'expired' }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'forbidden' };

type Refusal = { outcome: ClickOutcome; answer: ApprovalAnswer; log: string };
type Ports = AcceptApprovalClickPorts;

/** Why this click cannot decide anything, or the record it may decide. */
async function check(ports: Ports, click: ApprovalClickInput, now: number): Promise<Refusal | ApprovalRecord> {
  // Both reads at once: every round trip counts against Slack's three seconds.
  const [earlier, record] = await Promise.all([
    ports.approvals.decision(click.migration, click.approvalId),
    ports.approvals.get(click.migration, click.approvalId),
  ]);
  if (earlier !== null) {
    const answer = { kind: 'already-decided', decision: earlier } as const;
    return { outcome: answer, answer, log: 'approval click after the decision' };
  }
  if (record === null || record.migration !== click.migration || record.approvalId !== click.approvalId) {
    return { outcome: { kind: 'unknown' }, answer: { kind: 'unknown' }, log: 'approval click for an unknown approval' };
  }
  if (!(await isApprover(ports, record.approvers, click.user.id, record.migration))) {
    return { outcome: { kind: 'forbidden' }, answer: { kind: 'not-an-approver' }, log: 'approval click by someone who is not an approver' };
  }
  if (now >= record.expiresAt) {
    const answer = { kind: 'expired', expiresAt: record.expiresAt } as const;
    return { outcome: { kind: 'expired' }, answer, log: 'approval click after the approval expired' };
  }
  return record;
}

/** Replies to the clicking user are a courtesy: a failed reply must not turn into a 500. */
async function tell(ports: Ports, responseUrl: string, answer: ApprovalAnswer, migration: string): Promise<void> {
  try {
    await ports.channel.tell(responseUrl, answer);
  } catch (error) {
    ports.logger.warn('reply to the clicking user failed', { migration, answer: answer.kind, error: (error as Error).name });
  }
}

async function queueOrRelease(ports: Ports, job: ApprovalJob): Promise<void> {
  try {
    await ports.queue.enqueue(job);
  } catch (error) {
    // Nothing reached the workflow: withdraw the claim so that another click can succeed.
    await ports.approvals.release(job.migration, job.approvalId);
    await tell(ports, job.responseUrl, { kind: 'failed', action: job.decision.action }, job.migration);
    throw error;
  }
}

/**
 * The fast half of a click, inside Slack's three-second window: find the record, authorise the
 * user, refuse late or repeated clicks, claim the decision (create-only, so two approvers cannot
 * both win) and queue the slow half (Step Functions, rollback, message update).
 */
export const acceptApprovalClick =
  (ports: Ports) =>
  async (click: ApprovalClickInput): Promise<ClickOutcome> => {
    const fields = { migration: click.migration, approvalId: click.approvalId, action: click.action, user: click.user.id };
    const now = ports.clock.now();
    const checked = await check(ports, click, now);
    if ('outcome' in checked) {
      await tell(ports, click.responseUrl, checked.answer, click.migration);
      ports.logger.info(checked.log, { ...fields, outcome: checked.outcome.kind });
      return checked.outcome;
    }
    const { user } = click;
    const decision: ApprovalDecision = { action: click.action, by: user.id, ...(user.name ? { byName: user.name } : {}), at: now, via: 'slack' };
    const claim = await ports.approvals.claim(click.migration, click.approvalId, decision, checked.expiresAt);
    if (!claim.won) {
      await tell(ports, click.responseUrl, { kind: 'already-decided', decision: claim.winner }, click.migration);
      ports.logger.info('approval click lost the race to another decision', { ...fields, outcome: 'already-decided' });
      return { kind: 'already-decided', decision: claim.winner };
    }
    const { migration, approvalId, responseUrl, original } = click;
    await queueOrRelease(ports, { migration, approvalId, decision, responseUrl, original });
    ports.logger.info('approval decision accepted', { ...fields, outcome: 'accepted' });
    return { kind: 'accepted', decision };
  };
