import type { ApprovalAction } from '../ports/index.ts';

/**
 * What the buttons carry. The value is `<approvalId>:<action>` and nothing else: the task token
 * (up to 2,048 characters) would not fit Slack's 2,000-character value and must never leave the
 * server. The migration, needed to address the record, rides in the actions block's block_id.
 */
export const ACTIONS_BLOCK_PREFIX = 'kraft-canary-approval:';
export const APPROVAL_ID = /^[a-z0-9]{8,40}$/;
export const ACTIONS: readonly ApprovalAction[] = ['approve', 'reject', 'roll-back'];

export const actionsBlockId = (migration: string): string => `${ACTIONS_BLOCK_PREFIX}${migration}`;
export const actionId = (action: ApprovalAction): string => `kraft-canary-${action}`;
export const buttonValue = (approvalId: string, action: ApprovalAction): string => `${approvalId}:${action}`;

export interface ButtonRef {
  readonly migration: string;
  readonly approvalId: string;
  readonly action: ApprovalAction;
}

const isAction = (value: string): value is ApprovalAction => (ACTIONS as readonly string[]).includes(value);

/** Reads a clicked button back; null when it is not one of ours or was altered. */
export function parseButton(blockId: string, id: string, value: string): ButtonRef | null {
  if (!blockId.startsWith(ACTIONS_BLOCK_PREFIX)) return null;
  const migration = blockId.slice(ACTIONS_BLOCK_PREFIX.length);
  const [approvalId, action, ...rest] = value.split(':');
  if (approvalId === undefined || action === undefined || rest.length > 0) return null;
  if (!APPROVAL_ID.test(approvalId) || !isAction(action) || id !== actionId(action)) return null;
  return { migration, approvalId, action };
}
