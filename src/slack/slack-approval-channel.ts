import type { ApprovalChannel } from '../ports/index.ts';
import { renderApprovalRequest } from './approval-message.ts';
import { answerText, renderSettled } from './decision-message.ts';
import type { SlackWebApi } from './web-api.ts';

/** ApprovalChannel over Slack: chat.postMessage for requests, response_url for everything after. */
export function createSlackApprovalChannel(api: SlackWebApi): ApprovalChannel {
  return {
    async post(record, facts) {
      if (record.channel === null) return undefined;
      const message = renderApprovalRequest(record, facts);
      return api.postMessage({ channel: record.channel, text: message.text, blocks: message.blocks });
    },
    async settle(responseUrl, original, record, decision, applied) {
      const message = renderSettled(original, record, decision, applied);
      await api.respond(responseUrl, { replace_original: true, text: message.text, blocks: message.blocks });
    },
    async tell(responseUrl, answer) {
      await api.respond(responseUrl, { replace_original: false, response_type: 'ephemeral', text: answerText(answer) });
    },
    groupMembers: (userGroup) => api.userGroupMembers(userGroup),
  };
}
