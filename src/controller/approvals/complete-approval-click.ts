import { createHash } from 'node:crypto';
import type { ApprovalChannel, ApprovalJob, ApprovalJobMarks, ApprovalStore, Logger } from '../../ports/index.ts';
import { type ApplyApprovalDecisionPorts, applyApprovalDecision } from './apply-approval-decision.ts';

export interface CompleteApprovalClickPorts extends ApplyApprovalDecisionPorts {
  readonly approvals: ApprovalStore & ApprovalJobMarks;
  readonly channel: ApprovalChannel;
  readonly logger: Logger;
}

export type CompletionOutcome = 'applied' | 'not-waiting' | 'unknown' | 'failed' | 'duplicate';

/** One click's job: the same decision (who, what, when) delivered again has the same id. */
export const approvalJobId = (job: ApprovalJob): string =>
  createHash('sha256')
    .update(JSON.stringify([job.migration, job.approvalId, job.decision.action, job.decision.by, job.decision.at, job.decision.via]))
    .digest('hex')
    .slice(0, 16);

async function failed(ports: CompleteApprovalClickPorts, job: ApprovalJob, fields: Record<string, string>, error: unknown): Promise<'failed'> {
  ports.logger.error('approval decision failed', { ...fields, error: (error as Error).name });
  await ports.approvals.release(job.migration, job.approvalId).catch(() => undefined);
  await ports.approvals.releaseJob(job.migration, job.approvalId, approvalJobId(job)).catch(() => undefined);
  await ports.channel.tell(job.responseUrl, { kind: 'failed', action: job.decision.action }).catch(() => undefined);
  return 'failed';
}

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
      // Lambda may deliver this job twice, even at once: only the first taker applies it and
      // settles the message; a second would find the task closed and show "not applied".
      if (!(await approvals.takeJob(job.migration, job.approvalId, approvalJobId(job), record.expiresAt))) {
        logger.info('approval job delivered again: taken up already', fields);
        return 'duplicate';
      }
      applied = (await applyApprovalDecision(ports)(record, job.decision)) === 'accepted';
    } catch (error) {
      return failed(ports, job, fields, error);
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
