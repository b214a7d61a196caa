import type { ApprovalChannel, Approvers, Logger } from '../../ports/index.ts';

export interface IsApproverPorts {
  readonly channel: Pick<ApprovalChannel, 'groupMembers'>;
  readonly logger: Logger;
}

/**
 * Whether a chat user is one of the plan's approvers: named in `users`, or a member of the
 * `userGroup`. The one check behind every approval click and every control button.
 */
export async function isApprover(ports: IsApproverPorts, approvers: Approvers, userId: string, migration: string): Promise<boolean> {
  if (approvers.users.includes(userId)) return true;
  const group = approvers.userGroup;
  if (group === undefined) return false;
  try {
    return (await ports.channel.groupMembers(group)).includes(userId);
  } catch (error) {
    // Fail closed: without the member list only approvers.users may decide.
    ports.logger.warn('approver group lookup failed', { migration, userGroup: group, error: (error as Error).name });
    return false;
  }
}
