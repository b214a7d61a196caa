import type { MessageEdit } from '../../controller/approvals/decide-pending-approval.ts';
import { awsProblem } from '../aws-problem.ts';

interface NamedError {
  readonly name?: unknown;
  readonly code?: unknown;
  readonly operation?: unknown;
  readonly errorName?: unknown;
  readonly parameter?: unknown;
}

/**
 * Why the Slack request could not be edited, in one line without secrets: errors are known by
 * name (the adapters put only operation, error name, parameter name or Slack's error code in
 * them), never quoted raw.
 */
export function messageEditProblem(error: unknown): string {
  const e = (typeof error === 'object' && error !== null ? error : {}) as NamedError;
  if (e.name === 'SecretUnavailableError') return `the Slack bot token parameter ${String(e.parameter)} is missing or empty`;
  if ((e.name === 'AwsCallError' || e.name === 'TransientAwsError') && e.operation === 'GetParameter') {
    const why = typeof e.errorName === 'string' ? e.errorName : 'refused';
    return why === 'AccessDeniedException'
      ? 'your AWS credentials may not read the Slack bot token (ssm:GetParameter with decryption was denied)'
      : `the Slack bot token could not be read (GetParameter: ${why})`;
  }
  if (e.name === 'SlackApiError') {
    const code = String(e.code);
    return code === 'timeout' || code === 'network' ? `Slack could not be reached (${code})` : `Slack refused chat.update (${code})`;
  }
  if (e.name === 'NoMessageEditorError') return 'no Slack access is configured';
  return awsProblem(error);
}

/** The line printed after a decision about its Slack request; null when there is nothing to say. */
export function messageEditLine(edit: MessageEdit): string | null {
  switch (edit.kind) {
    case 'updated':
      return 'The Slack request now shows the decision; its buttons are gone.';
    case 'no-message':
      return null;
    case 'not-updated':
      return `The Slack message was not updated (${messageEditProblem(edit.error)}); its buttons answer "already decided".`;
  }
}
