import { formatDuration } from '../domain/duration.ts';
import type { GateResult } from '../domain/gates.ts';
import type { ApprovalAction, ApprovalContext, ApprovalRecord } from '../ports/index.ts';
import { actionId, actionsBlockId, buttonValue } from './approval-buttons.ts';
import { type Block, confirmDialog, context, divider, fieldsSection, groupMention, header, mention, section, slackDate } from './block-kit.ts';
import { errorRateLines, lagGroupLines, lagPerClusterLines } from './gate-lines.ts';

export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly Block[];
}

const VERDICT = { pass: ':white_check_mark: pass', fail: ':x: fail', inconclusive: ':grey_question: inconclusive' } as const;

function stepTitle(record: ApprovalRecord): string {
  const { kind, fromPercent, toPercent } = record;
  if (kind === 'decommission') return 'decommission of the blue cluster';
  if (kind === 'pause') return `held at ${toPercent}% on green`;
  if (kind === 'promote') return `full promotion, ${fromPercent}% → ${toPercent}% on green`;
  if (fromPercent === 0) return `first canary, ${fromPercent}% → ${toPercent}% on green`;
  if (toPercent === 100) return `producer cutover, ${fromPercent}% → ${toPercent}% on green`;
  return `canary step, ${fromPercent}% → ${toPercent}% on green`;
}

function stepDetail(record: ApprovalRecord): string {
  const { kind, stageIndex, fromPercent, toPercent, migration } = record;
  if (kind === 'decommission') {
    return `*Migration* \`${migration}\`\nAll traffic is on green and blue is proven drained. Approving lets kraft-canary decommission the blue cluster (dry run unless the plan says \`delete\`).`;
  }
  if (kind === 'pause') {
    const by = record.pause ? `Paused by ${record.pause.by}${record.pause.reason ? `: ${record.pause.reason}` : ''}.` : 'Paused.';
    return `*Migration* \`${migration}\`\n${by} The rollout holds at *${toPercent}%* on green (stage ${stageIndex + 1}) until someone resumes it; alarms still roll it back.`;
  }
  if (kind === 'promote') {
    const by = record.pause ? ` by ${record.pause.by}${record.pause.reason ? ` (${record.pause.reason})` : ''}` : '';
    return `*Migration* \`${migration}\`\nA promotion to the cutover was asked${by}. *Stage ${stageIndex + 1}* at *${fromPercent}%* on green has baked and passed its gates. Approve to move every producer to green now, without the remaining stages; reject to go on stage by stage.`;
  }
  // The state machine asks after the stage has run and baked: approving lets the rollout go on.
  const next = toPercent === 100 ? 'the drain of blue and completion' : 'the next stage';
  return `*Migration* \`${migration}\`\n*Stage ${stageIndex + 1}* moved producer traffic on green from *${fromPercent}%* to *${toPercent}%* and has baked. Approve to continue with ${next}; the rollout waits here until then.`;
}

function gateBlocks(gate: GateResult | null, bakeSeconds: number): Block[] {
  const bake = `*Bake observed*\n${formatDuration(Math.max(0, Math.round(bakeSeconds)))}`;
  if (gate === null) return [fieldsSection(['*Gates*\nnot evaluated for this step', bake])];
  const blocks: Block[] = [
    fieldsSection([
      `*Gates*\n${VERDICT[gate.verdict]}`,
      bake,
      `*Lag per cluster*\n${lagPerClusterLines(gate).join('\n')}`,
      `*Client error rate*\n${errorRateLines(gate).join('\n')}`,
    ]),
  ];
  const groups = lagGroupLines(gate);
  if (groups.length > 0) blocks.push(section(`*Consumer lag by group* (max, growth over the bake)\n${groups.join('\n')}`));
  if (gate.reasons.length > 0) {
    const shown = gate.reasons.slice(0, 5).map((r) => `• ${r}`);
    if (gate.reasons.length > 5) shown.push(`• …and ${gate.reasons.length - 5} more`);
    blocks.push(section(`*Gate findings*\n${shown.join('\n')}`));
  }
  return blocks;
}

function approversText(record: ApprovalRecord): string {
  const who = [...record.approvers.users.map(mention), ...(record.approvers.userGroup ? [groupMention(record.approvers.userGroup)] : [])];
  return who.length > 0 ? who.join(', ') : 'nobody in Slack (decide with the CLI)';
}

function timeoutText(record: ApprovalRecord): string {
  const at = `Expires ${slackDate(record.expiresAt)}.`;
  if (record.onTimeout === 'rollback') return `${at} Without a decision by then the rollout rolls back to blue.`;
  if (record.onTimeout === 'hold') {
    const where = record.kind === 'decommission' ? 'the blue cluster stays' : `the rollout holds at ${record.toPercent}%`;
    return `${at} Without a decision by then ${where} and this run ends; a later run resumes.`;
  }
  return `${at} Without a decision by then the plan's approval-timeout policy applies.`;
}

const button = (record: ApprovalRecord, action: ApprovalAction, text: string, extra: Record<string, unknown>) => ({
  type: 'button',
  action_id: actionId(action),
  text: { type: 'plain_text', text },
  value: buttonValue(record.approvalId, action),
  ...extra,
});

const confirm = (title: string, text: string, yes: string) => ({ confirm: confirmDialog(title, text, yes, 'danger') });

const rejectText = (record: ApprovalRecord): string =>
  record.kind === 'decommission'
    ? 'The blue cluster is kept and this run ends.'
    : record.kind === 'promote'
      ? 'The rollout goes on stage by stage.'
      : `The rollout rolls back: producers return to blue from ${record.toPercent}% green, consumers leave green once it is drained, and this run ends.`;

function pauseButtons(record: ApprovalRecord): Block {
  const text = `Routes every producer back to blue for ${record.migration} now.`;
  return {
    type: 'actions',
    block_id: actionsBlockId(record.migration),
    elements: [
      button(record, 'approve', 'Resume', { style: 'primary' }),
      button(record, 'roll-back', 'Roll back now', { style: 'danger', ...confirm('Roll back now?', text, 'Roll back') }),
    ],
  };
}

function buttons(record: ApprovalRecord): Block {
  if (record.kind === 'pause') return pauseButtons(record);
  const elements = [
    button(record, 'approve', 'Approve', { style: 'primary' }),
    button(record, 'reject', 'Reject', confirm('Reject?', rejectText(record), 'Reject')),
  ];
  // Rejecting a stage rolls back through the workflow; "Roll back now" does it at once from
  // the click. After cutover and drain there is nothing to roll back to: rejecting keeps blue.
  if (record.kind === 'stage' || record.kind === 'promote') {
    const text = `Routes every producer back to blue for ${record.migration} now.`;
    elements.push(button(record, 'roll-back', 'Roll back now', { style: 'danger', ...confirm('Roll back now?', text, 'Roll back') }));
  }
  return { type: 'actions', block_id: actionsBlockId(record.migration), elements };
}

/** A pause: who paused and why, who may resume, and the Resume and Roll back now buttons. */
function renderPause(record: ApprovalRecord, title: string, execution: string): SlackMessage {
  return {
    text: `${record.migration}: paused, ${title}`,
    blocks: [
      header(`Paused: ${title}`),
      section(stepDetail(record)),
      divider(),
      section(`*Who may resume*\n${approversText(record)}`),
      context([`Execution \`${execution}\` · CLI: \`kraft-canary resume ${record.migration}\``]),
      buttons(record),
    ],
  };
}

/** The approval request: what changes, the evidence, who may decide, until when, and the buttons. */
export function renderApprovalRequest(record: ApprovalRecord, facts: ApprovalContext): SlackMessage {
  const title = stepTitle(record);
  const execution = record.executionArn.split(':').at(-1) ?? record.executionArn;
  if (record.kind === 'pause') return renderPause(record, title, execution);
  return {
    text: `${record.migration}: approval needed, ${title}`,
    blocks: [
      header(`Approval needed: ${title}`),
      section(stepDetail(record)),
      ...gateBlocks(facts.gate, facts.bakeSeconds),
      divider(),
      section(`*Who may approve*\n${approversText(record)}`),
      context([timeoutText(record), `Execution \`${execution}\` · CLI: \`kraft-canary approve ${record.migration}\``]),
      buttons(record),
    ],
  };
}
