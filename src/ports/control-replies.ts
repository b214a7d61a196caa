/**
 * Where a control asked from a chat button is answered (Slack's response_url in src/slack/):
 * one line, only for the person who clicked.
 */
export interface ControlReplies {
  reply(responseUrl: string, text: string): Promise<void>;
}
