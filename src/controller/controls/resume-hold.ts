import type { ApprovalStore } from '../../ports/index.ts';
import { type DecidePendingApprovalPorts, decidePendingApproval } from '../approvals/decide-pending-approval.ts';

/** What a resume found: the held execution answered, or nothing held (it will see the pause gone). */
export type HoldAnswer = { readonly kind: 'resumed'; readonly approvalIds: readonly string[] } | { readonly kind: 'not-held' };

/**
 * Answers a rollout held by a pause: every open `pause` record of the migration is approved,
 * which sends its task token back to Step Functions. A stage approval waiting at the same time
 * is left alone: a resume lifts a pause, it approves nothing else.
 */
export const resumeHold =
  (ports: DecidePendingApprovalPorts & { readonly approvals: ApprovalStore }) =>
  async (migration: string, actor: string, reason: string): Promise<HoldAnswer> => {
    const holds = (await ports.approvals.list(migration)).filter((r) => r.kind === 'pause');
    const resumed: string[] = [];
    for (const hold of holds) {
      const outcome = await decidePendingApproval(ports)({ migration, action: 'approve', actor, reason, approvalId: hold.approvalId });
      if (outcome.kind === 'applied') resumed.push(hold.approvalId);
    }
    return resumed.length > 0 ? { kind: 'resumed', approvalIds: resumed } : { kind: 'not-held' };
  };
