import { type Control, verbOf } from '../../domain/controls.ts';
import type { ButtonControl } from '../../domain/stage-buttons.ts';
import type { ApprovalChannel, ControlReplies, Notifier } from '../../ports/index.ts';
import { isApprover } from '../approvals/is-approver.ts';
import { readRouting } from '../routing/current-routing.ts';
import { type ApplyControlOutcome, type ApplyControlPorts, applyControl, runningPlan } from './apply-control.ts';
import { appliedText, outcomeLine } from './control-outcome-text.ts';

export interface AcceptControlClickPorts extends ApplyControlPorts {
  /** The approvers' user group, resolved as for approvals. */
  readonly channel: Pick<ApprovalChannel, 'groupMembers'>;
  readonly replies: ControlReplies;
  /** The migration's thread: an applied control is told there, for everyone. */
  readonly notifier: Notifier;
}

/** A click on a stage message's button whose signature already held. */
export interface ControlClickInput {
  readonly migration: string;
  readonly control: ButtonControl;
  /** The stage the message was posted for. */
  readonly stageIndex: number;
  readonly user: { readonly id: string; readonly name?: string };
  readonly responseUrl: string;
}

export type ControlClickOutcome =
  | { readonly kind: ApplyControlOutcome['kind'] }
  /** Not one of the running plan's approvers: nothing read further, nothing written. */
  | { readonly kind: 'forbidden' }
  /** No rollout runs, so no plan names who may: nothing written. */
  | { readonly kind: 'no-rollout' };

const PAST: Record<Control, string> = {
  pause: 'paused',
  resume: 'resumed',
  promote: 'promoted',
  'promote-full': 'promoted to the cutover',
  'step-back': 'stepped back',
};

const who = (user: ControlClickInput['user']): string => (user.name ? `${user.name} (${user.id})` : user.id);

/** Replies are a courtesy: a failed one must not turn an applied control into an error. */
async function reply(ports: AcceptControlClickPorts, click: ControlClickInput, text: string): Promise<void> {
  try {
    await ports.replies.reply(click.responseUrl, text);
  } catch (error) {
    ports.logger.warn('reply to the clicking user failed', { migration: click.migration, control: click.control, error: (error as Error).name });
  }
}

async function noRollout(ports: AcceptControlClickPorts, click: ControlClickInput): Promise<ControlClickOutcome> {
  const { doc } = await readRouting(ports.routing, click.migration);
  const where = doc === null ? 'phase none, no routing document' : `phase ${doc.phase}, ${doc.producers.greenPercent}% green`;
  await reply(ports, click, `cannot ${verbOf(click.control)} ${click.migration} from Slack: no rollout execution runs (${where}); nothing written`);
  return { kind: 'no-rollout' };
}

/**
 * A Pause, Promote or Step back click: the running plan's approvers only (the approvals' own
 * check), then the same use case as the CLI command (applyControl: the phase rules, the control
 * lock, the records), bound to the stage the message was posted for. The clicking person gets
 * the outcome in one line; an applied control is also told in the migration's thread. Who
 * clicked is recorded as the actor, and the reason says it came from Slack.
 */
export const acceptControlClick =
  (ports: AcceptControlClickPorts) =>
  async (click: ControlClickInput): Promise<ControlClickOutcome> => {
    const fields = { migration: click.migration, control: click.control, user: click.user.id, stage: click.stageIndex + 1 };
    const plan = await runningPlan(ports, click.migration);
    if (plan === null) {
      ports.logger.info('control click with no rollout running', fields);
      return noRollout(ports, click);
    }
    if (!(await isApprover(ports, plan.approvers, click.user.id, click.migration))) {
      ports.logger.info('control click by someone who is not an approver', fields);
      await reply(ports, click, `Only the approvers named in the plan of ${click.migration} can pause, promote or step back its rollout; nothing written`);
      return { kind: 'forbidden' };
    }
    const reason = `${PAST[click.control]} from Slack by ${who(click.user)}`;
    const outcome = await applyControl(ports)({
      migration: click.migration,
      control: click.control,
      actor: click.user.id,
      reason,
      buttonStageIndex: click.stageIndex,
    });
    ports.logger.info('control click', { ...fields, outcome: outcome.kind });
    await reply(ports, click, outcomeLine(outcome, click.migration));
    if (outcome.kind === 'applied') {
      await ports.notifier.notify({ migration: click.migration, kind: 'control', text: `${appliedText(outcome, click.migration)} (${reason})` });
    }
    return { kind: outcome.kind };
  };
