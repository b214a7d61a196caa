import type { PendingDecisionOutcome } from '../controller/decide-pending-approval.ts';
import { decidePendingApproval } from '../controller/decide-pending-approval.ts';
import { MIGRATION_ID } from '../domain/routing-document.ts';
import type { ApprovalRecord } from '../ports.ts';
import type { LoadApprovalPorts } from './aws-approval-ports.ts';
import { type CliIo, type Command, EXIT } from './command.ts';
import { parseCommandArgs } from './parse-command-args.ts';

type Action = 'approve' | 'reject';

const usageOf = (action: Action): string => {
  const reason = action === 'reject' ? ' --reason <text>' : ' [--reason <text>]';
  return `Usage: kraft-canary ${action} <migration>${reason} [--id <approvalId>] [--prefix <ssm-prefix>]

${action === 'approve' ? 'Approves' : 'Rejects'} the approval a rollout is waiting for, without Slack. Your AWS
credentials are the authorisation: reading the approval record (SSM SecureString under
<prefix>/<migration>/approvals/) and calling states:${action === 'approve' ? 'SendTaskSuccess' : 'SendTaskFailure'}.${
    action === 'reject'
      ? '\nRejecting a stage rolls the rollout back (producers return to blue, green is drained);\nrejecting the decommission keeps blue and ends the completed migration.'
      : ''
  }

Options:
  --reason <text>   why (${action === 'reject' ? 'required' : 'optional'}); recorded with the decision
  --id <id>         the approval to decide when several are pending
  --prefix <path>   SSM parameter prefix (default: $PARAMETER_PREFIX or /kraft-canary)

Exit codes: 0 decided, 1 nothing to decide (none pending, expired, already decided), 2 wrong usage.`;
};

const step = (r: ApprovalRecord): string =>
  r.kind === 'decommission' ? `decommission of ${r.migration}` : `stage ${r.stageIndex + 1} of ${r.migration} (${r.fromPercent}% → ${r.toPercent}%)`;

const iso = (ms: number): string => new Date(ms).toISOString();

function report(outcome: PendingDecisionOutcome, action: Action, migration: string, io: CliIo): number {
  const done = action === 'approve' ? 'Approved' : 'Rejected';
  switch (outcome.kind) {
    case 'applied':
      io.stdout.write(`${done} ${step(outcome.record)} as ${outcome.decision.by}.\n`);
      return EXIT.ok;
    case 'not-waiting':
      io.stderr.write(`The rollout no longer waited for ${step(outcome.record)} (timed out or stopped): nothing changed.\n`);
      return EXIT.failure;
    case 'already-decided':
      io.stderr.write(`Already decided: ${outcome.decision.action} by ${outcome.decision.by} at ${iso(outcome.decision.at)}.\n`);
      return EXIT.failure;
    case 'expired':
      io.stderr.write(`The approval for ${step(outcome.record)} expired at ${iso(outcome.record.expiresAt)}; the plan's timeout policy applies.\n`);
      return EXIT.failure;
    case 'ambiguous':
      io.stderr.write(`Several approvals are pending for ${migration}; choose one with --id: ${outcome.approvalIds.join(', ')}\n`);
      return EXIT.usage;
    case 'none-pending':
      io.stderr.write(`No approval is pending for ${migration}.\n`);
      return EXIT.failure;
  }
}

/** `approve` and `reject` share everything but the verb; each has its own file in commands/. */
export function approvalDecisionCommand(action: Action, loadPorts: LoadApprovalPorts, env: Readonly<Record<string, string | undefined>>): Command {
  const usage = usageOf(action);
  return {
    name: action,
    summary: `${action} the approval a rollout waits for, without Slack: ${action} <migration>`,
    usage,
    async run(args, io) {
      const parsed = parseCommandArgs(args, { reason: { type: 'string' }, id: { type: 'string' }, prefix: { type: 'string' } });
      const fail = (problem: string) => {
        io.stderr.write(`kraft-canary ${action}: ${problem}\n\n${usage}\n`);
        return EXIT.usage;
      };
      if (!parsed.ok) return fail(parsed.error);
      const [migration, ...extra] = parsed.value.positionals;
      const { reason, id, prefix } = parsed.value.values as { reason?: string; id?: string; prefix?: string };
      if (migration === undefined || extra.length > 0 || !MIGRATION_ID.test(migration)) return fail('give exactly one migration id');
      if (action === 'reject' && (reason === undefined || reason.trim() === '')) return fail('--reason is required');
      const ports = await loadPorts(prefix ?? env.PARAMETER_PREFIX ?? '/kraft-canary');
      const actor = await ports.whoAmI();
      const outcome = await decidePendingApproval(ports)({
        migration,
        action,
        actor,
        ...(reason ? { reason: reason.trim() } : {}),
        ...(id ? { approvalId: id } : {}),
      });
      return report(outcome, action, migration, io);
    },
  };
}
