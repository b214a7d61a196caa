import type { ApprovalChannel, ApprovalJob, ApprovalStore, Logger } from '../../ports/index.ts';
import { type ApplyApprovalDecisionPorts, applyApprovalDecision } from './apply-approval-decision.ts';

export interface CompleteApprovalClickPorts extends ApplyApprovalDecisionPorts {
  readonly approvals: ApprovalStore;
  readonly channel: ApprovalChannel;
  readonly logger: Logger;
}

export type CompletionOutcome = 'applied' | 'not-waiting' | 'unknown' | 'failed';

/**
 * The slow half of a click: resume (or fail) the waiting task, roll back when asked, then show the
 * decision in place of the buttons. It never throws, because an asynchronous Lambda invocation
 * that fails is retried: after a failure the claim is withdrawn and the user is asked to retry.
 */
export const completeApprovalClick =
  (ports: CompleteApprovalClickPorts) =>
  async (job: ApprovalJob): Promise<CompletionOutcome> => {
    const { approvals, channel, logger } = ports;
    const fields = { migration: job.migration, approvalId: job.approvalId, action: job.decision.action, by: job.decision.by };
    const record = await approvals.get(job.migration, job.approvalId).catch(() => null);
    if (record === null) {
      logger.warn('approval record vanished before the decision was applied', fields);
      return 'unknown';
    }
    let applied: boolean;
    try {
      applied = (await applyApprovalDecision(ports)(record, job.decision)) === 'accepted';
    } catch (error) {
      logger.error('approval decision failed', { ...fields, error: (error as Error).name });
      await approvals.release(job.migration, job.approvalId).catch(() => undefined);
      await channel.tell(job.responseUrl, { kind: 'failed', action: job.decision.action }).catch(() => undefined);
      return 'failed';
    }
    logger.info(applied ? 'approval decision applied' : 'approval decision arrived after the workflow stopped waiting', { ...fields, via: job.decision.via });
    // The token is spent either way; the decision parameter answers later clicks. The decision
    // stands even when this fails: the claim stays, and release-lock sweeps the record.
    await approvals.remove(record.migration, record.approvalId).catch((error: unknown) => {
      logger.warn('approval record not removed after the decision; release-lock sweeps it', { ...fields, error: (error as Error).name });
    });
    await channel.settle(job.responseUrl, job.original, record, job.decision, applied).catch((error: unknown) => {
      logger.warn('approval message update failed', { ...fields, error: (error as Error).name });
    });
    return applied ? 'applied' : 'not-waiting';
  };
