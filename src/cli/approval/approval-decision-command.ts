import { MIGRATION_ID } from '@kraft-canary/client/contract';
import type { DecidePendingApprovalPorts, MessageEdit, PendingDecisionOutcome } from '../../controller/approvals/decide-pending-approval.ts';
import { decidePendingApproval } from '../../controller/approvals/decide-pending-approval.ts';
import { type Env, parameterPrefix } from '../../environment.ts';
import type { ApprovalDecision, ApprovalRecord } from '../../ports/index.ts';
import { awsCall } from '../aws-call.ts';
import { type CliIo, type Command, EXIT } from '../command.ts';
import { writeJson } from '../json-output.ts';
import { parseCommandArgs } from '../parse-command-args.ts';
import { messageEditLine, messageEditProblem } from './message-edit-text.ts';

export type Action = 'approve' | 'reject';

export interface ApprovalCliPorts extends DecidePendingApprovalPorts {
  /** The caller's IAM principal ARN, recorded as the decider. */
  whoAmI(): Promise<string>;
}

export type LoadApprovalPorts = (prefix: string, env?: Env) => Promise<ApprovalCliPorts>;

const usageOf = (action: Action): string => {
  const reason = action === 'reject' ? ' --reason <text>' : ' [--reason <text>]';
  return `Usage: kraft-canary ${action} <migration>${reason} [--id <approvalId>] [--prefix <ssm-prefix>] [--json]

${action === 'approve' ? 'Approves' : 'Rejects'} the approval a rollout is waiting for, without Slack. Your AWS
credentials are the authorisation: reading the approval record (SSM SecureString under
<prefix>/<migration>/approvals/) and calling states:${action === 'approve' ? 'SendTaskSuccess' : 'SendTaskFailure'}.${
    action === 'reject'
      ? '\nRejecting a stage rolls the rollout back (producers return to blue, green is drained);\nrejecting the decommission keeps blue and ends the completed migration.'
      : ''
  }

When the request was posted to Slack, its message is then edited to show the decision without
buttons, with the bot token read from SSM ($SLACK_BOT_TOKEN_PARAM or <prefix>/slack/bot-token).
If your credentials cannot read it, the decision still stands and one line says so.

Options:
  --reason <text>   why (${action === 'reject' ? 'required' : 'optional'}); recorded with the decision
  --id <id>         the approval to decide when several are pending
  --prefix <path>   SSM parameter prefix (default: $PARAMETER_PREFIX or /kraft-canary)
  --json            print the outcome as JSON on stdout (never the task token)

Exit codes: 0 decided; 1 nothing to decide (none pending, expired, already decided, no longer
waiting) or AWS refused the call; 2 wrong usage, or several pending and no --id.`;
};

const step = (r: ApprovalRecord): string =>
  r.kind === 'decommission' ? `decommission of ${r.migration}` : `stage ${r.stageIndex + 1} of ${r.migration} (${r.fromPercent}% → ${r.toPercent}%)`;

const iso = (ms: number): string => new Date(ms).toISOString();

/** The step an approval is for, without its task token (which never leaves the store). */
const stepJson = (r: ApprovalRecord) => ({
  approvalId: r.approvalId,
  kind: r.kind,
  stageIndex: r.stageIndex,
  fromPercent: r.fromPercent,
  toPercent: r.toPercent,
  executionArn: r.executionArn,
});

const decisionJson = (d: ApprovalDecision) => ({ action: d.action, by: d.by, at: iso(d.at), via: d.via, ...(d.reason ? { reason: d.reason } : {}) });

const slackMessageJson = (edit: MessageEdit) =>
  edit.kind === 'not-updated' ? { slackMessage: edit.kind, slackMessageProblem: messageEditProblem(edit.error) } : { slackMessage: edit.kind };

function outcomeJson(outcome: PendingDecisionOutcome): Record<string, unknown> {
  switch (outcome.kind) {
    case 'applied':
    case 'not-waiting':
      return { ...stepJson(outcome.record), decision: decisionJson(outcome.decision), ...slackMessageJson(outcome.message) };
    case 'already-decided':
      return { decision: decisionJson(outcome.decision) };
    case 'expired':
      return { ...stepJson(outcome.record), expiresAt: iso(outcome.record.expiresAt) };
    case 'ambiguous':
      return { approvalIds: outcome.approvalIds };
    case 'none-pending':
      return {};
  }
}

const CODES: Record<PendingDecisionOutcome['kind'], number> = {
  applied: EXIT.ok,
  'not-waiting': EXIT.failure,
  'already-decided': EXIT.failure,
  expired: EXIT.failure,
  ambiguous: EXIT.usage,
  'none-pending': EXIT.failure,
};

function describeOutcome(outcome: PendingDecisionOutcome, action: Action, migration: string): string {
  switch (outcome.kind) {
    case 'applied':
      return `${action === 'approve' ? 'Approved' : 'Rejected'} ${step(outcome.record)} as ${outcome.decision.by}.`;
    case 'not-waiting':
      return `The rollout no longer waited for ${step(outcome.record)} (timed out or stopped): nothing changed.`;
    case 'already-decided':
      return `Already decided: ${outcome.decision.action} by ${outcome.decision.by} at ${iso(outcome.decision.at)}.`;
    case 'expired':
      return `The approval for ${step(outcome.record)} expired at ${iso(outcome.record.expiresAt)}; the plan's timeout policy applies.`;
    case 'ambiguous':
      return `Several approvals are pending for ${migration}; choose one with --id: ${outcome.approvalIds.join(', ')}`;
    case 'none-pending':
      return `No approval is pending for ${migration}.`;
  }
}

function report(outcome: PendingDecisionOutcome, action: Action, migration: string, json: boolean, io: CliIo): number {
  if (json) {
    writeJson(io, { ok: outcome.kind === 'applied', action, migration, outcome: outcome.kind, ...outcomeJson(outcome) });
    return CODES[outcome.kind];
  }
  (outcome.kind === 'applied' ? io.stdout : io.stderr).write(`${describeOutcome(outcome, action, migration)}\n`);
  // The decision stands either way; this line only says whether the channel shows it.
  const edit = 'message' in outcome ? outcome.message : null;
  const line = edit === null ? null : messageEditLine(edit);
  if (line !== null) (edit?.kind === 'not-updated' ? io.stderr : io.stdout).write(`${line}\n`);
  return CODES[outcome.kind];
}

/** `approve` and `reject` share everything but the verb (both are wired in aws-approval-ports.ts). */
export function approvalDecisionCommand(action: Action, loadPorts: LoadApprovalPorts, env: Env): Command {
  const usage = usageOf(action);
  return {
    name: action,
    summary: `${action} the approval a rollout waits for, without Slack: ${action} <migration>`,
    usage,
    async run(args, io) {
      const parsed = parseCommandArgs(args, { reason: { type: 'string' }, id: { type: 'string' }, prefix: { type: 'string' }, json: { type: 'boolean' } });
      const fail = (problem: string) => {
        io.stderr.write(`kraft-canary ${action}: ${problem}\n\n${usage}\n`);
        return EXIT.usage;
      };
      if (!parsed.ok) return fail(parsed.error);
      const [migration, ...extra] = parsed.value.positionals;
      const { reason, id, prefix, json } = parsed.value.values as { reason?: string; id?: string; prefix?: string; json?: boolean };
      if (migration === undefined || extra.length > 0 || !MIGRATION_ID.test(migration)) return fail('give exactly one migration id');
      if (action === 'reject' && (reason === undefined || reason.trim() === '')) return fail('--reason is required');
      const called = await awsCall(io, { command: action, json: json === true, fields: { action, migration } }, async () => {
        const ports = await loadPorts(prefix ?? parameterPrefix(env), env);
        const actor = await ports.whoAmI();
        const decision = { migration, action, actor, ...(reason ? { reason: reason.trim() } : {}), ...(id ? { approvalId: id } : {}) };
        return decidePendingApproval(ports)(decision);
      });
      if (!called.ok) return called.code;
      return report(called.value, action, migration, json === true, io);
    },
  };
}
