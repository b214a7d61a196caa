import type { ApprovalAnswer, ApprovalDecision, ApprovalRecord, OriginalMessage } from '../ports/index.ts';
import { ACTIONS_BLOCK_PREFIX } from './approval-buttons.ts';
import { renderApprovalRequest, type SlackMessage } from './approval-message.ts';
import { type Block, context, escapeText, mention, section, slackDate } from './block-kit.ts';

const DONE = {
  approve: { emoji: ':white_check_mark:', verb: 'Approved' },
  reject: { emoji: ':no_entry:', verb: 'Rejected' },
  'roll-back': { emoji: ':rewind:', verb: 'Rolled back' },
} as const;

/** "Approved by @alice at <date>" (with the channel it came through when not Slack). */
export function decisionLine(decision: ApprovalDecision): string {
  const { emoji, verb } = DONE[decision.action];
  const via = decision.via === 'cli' ? ' with the CLI' : '';
  const reason = decision.reason ? ` — ${escapeText(decision.reason)}` : '';
  return `${emoji} ${verb} by ${mention(decision.by)}${via} at ${slackDate(decision.at)}${reason}`;
}

const isOurActions = (block: unknown): boolean => {
  const b = block as { type?: unknown; block_id?: unknown } | null;
  return b?.type === 'actions' && typeof b.block_id === 'string' && b.block_id.startsWith(ACTIONS_BLOCK_PREFIX);
};

/**
 * The original message with its buttons removed and the decision appended, so the evidence the
 * approver saw stays in the channel next to who decided.
 */
export function renderSettled(original: OriginalMessage, record: ApprovalRecord, decision: ApprovalDecision, applied: boolean): SlackMessage {
  const kept = (original.blocks ?? []).filter((block) => !isOurActions(block)) as Block[];
  const body = kept.length > 0 ? kept : [section(`*Migration* \`${record.migration}\`: ${record.fromPercent}% → ${record.toPercent}% on green`)];
  const line = decisionLine(decision);
  const note = applied ? [] : ['The workflow was no longer waiting for this approval (it timed out or was stopped): nothing was changed.'];
  return {
    text: `${original.text ?? `Approval for ${record.migration}`} — ${DONE[decision.action].verb.toLowerCase()}`,
    blocks: [...body, context([line, ...note])],
  };
}

/**
 * The same settled message for a decision made away from the buttons (the CLI), which has no
 * copy of the original: the request is rendered again from the facts the record kept. Without
 * them (a record too large to keep them) only the step and the decision are shown.
 */
export function renderSettledFromRecord(record: ApprovalRecord, decision: ApprovalDecision, applied: boolean): SlackMessage {
  const original = record.evidence === undefined ? {} : renderApprovalRequest(record, record.evidence);
  return renderSettled(original, record, decision, applied);
}

/** A reply only the clicking person sees. */
export function answerText(answer: ApprovalAnswer): string {
  switch (answer.kind) {
    case 'already-decided':
      return `Already decided: ${decisionLine(answer.decision)}`;
    case 'expired':
      return `This approval expired at ${slackDate(answer.expiresAt)}; the plan's approval-timeout policy applies.`;
    case 'unknown':
      return 'This approval is not known (it may have been cleaned up after the rollout ended).';
    case 'not-an-approver':
      return 'Only the approvers named in the plan can decide this step.';
    case 'failed':
      return `Your ${answer.action} could not be applied and nothing was changed. Please try again; the CLI works as well.`;
  }
}
