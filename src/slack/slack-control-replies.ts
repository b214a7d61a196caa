import type { ControlReplies } from '../ports/index.ts';
import { escapeText } from './block-kit.ts';
import type { SlackWebApi } from './web-api.ts';

/** ControlReplies over Slack: an ephemeral message through the click's response_url; the stage message stays. */
export function createSlackControlReplies(api: SlackWebApi): ControlReplies {
  return {
    async reply(responseUrl, text) {
      await api.respond(responseUrl, { replace_original: false, response_type: 'ephemeral', text: escapeText(text) });
    },
  };
}
