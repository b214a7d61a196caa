import { createHmac } from 'node:crypto';

/** Slack's test signing secret and a response_url on Slack's host, for signed interaction requests. */
export const SIGNING_SECRET = 'e3b0c44298fc1c149afbf4c8996fb924';
export const RESPONSE_URL = 'https://hooks.slack.com/actions/T0TEAM/123/abcdef';

/** The tests' own signer: HMAC-SHA256 over `v0:<ts>:<body>`, independent of the code under test. */
export function sign(secret: string, timestampSeconds: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestampSeconds}:${body}`).digest('hex')}`;
}

export interface RequestOptions {
  readonly secret?: string;
  /** Epoch ms the request is signed at. */
  readonly signedAt: number;
  /** Replaces the signed headers (a request with missing or forged ones). */
  readonly headers?: Record<string, string>;
  readonly base64?: boolean;
}

/** An API Gateway HTTP API (payload 2.0) event carrying a body as Slack signs and posts it. */
export function slackRequest(body: string, opts: RequestOptions) {
  const ts = Math.floor(opts.signedAt / 1000);
  const headers = opts.headers ?? {
    'x-slack-request-timestamp': String(ts),
    'x-slack-signature': sign(opts.secret ?? SIGNING_SECRET, ts, body),
    'content-type': 'application/x-www-form-urlencoded',
  };
  return {
    version: '2.0',
    routeKey: 'POST /slack/interactions',
    headers,
    body: opts.base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: opts.base64 === true,
    requestContext: { http: { method: 'POST', path: '/slack/interactions' } },
  };
}

/** A block_actions payload with one clicked button, urlencoded as Slack posts it. */
export function blockActionsBody(user: string, action: { action_id: string; block_id: string; value: string }): string {
  const payload = {
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), team_id: 'T0TEAM' },
    api_app_id: 'A0KRAFT',
    response_url: RESPONSE_URL,
    actions: [{ type: 'button', ...action }],
    message: { text: 'Approval needed', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'evidence' } }] },
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
