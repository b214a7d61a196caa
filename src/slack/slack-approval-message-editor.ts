import type { ApprovalMessageEditor } from '../ports/index.ts';
import { renderSettledFromRecord } from './decision-message.ts';
import type { SlackWebApi } from './web-api.ts';

/**
 * ApprovalMessageEditor over chat.update, for decisions made with the CLI: the bot edits its
 * own message (the `chat:write` scope it already has), so the channel stops showing live
 * buttons for a decided step.
 */
export function createSlackApprovalMessageEditor(api: SlackWebApi): ApprovalMessageEditor {
  return {
    async settle(record, decision, applied) {
      const message = renderSettledFromRecord(record, decision, applied);
      await api.updateMessage({ channel: record.message.channel, ts: record.message.ts, text: message.text, blocks: message.blocks });
    },
  };
}
