import { SlackApiError } from './errors.ts';

/** The few Slack calls kraft-canary makes; global fetch keeps the bundle free of the Slack SDK. */
export interface SlackWebApi {
  /** chat.postMessage; returns the posted message's channel and ts. */
  postMessage(message: SlackPostMessage): Promise<{ channel: string; ts: string }>;
  /** chat.update: replaces a message the bot posted (blocks are replaced as a whole). */
  updateMessage(message: SlackUpdateMessage): Promise<void>;
  /** usergroups.users.list: member user ids of a user group. */
  userGroupMembers(userGroup: string): Promise<string[]>;
  /** POST to an interaction's response_url (no bot token needed). */
  respond(responseUrl: string, body: SlackResponseBody): Promise<void>;
}

export interface SlackPostMessage {
  readonly channel: string;
  readonly text: string;
  readonly blocks?: readonly unknown[];
  readonly threadTs?: string;
  /** reply_broadcast: a thread reply also shown in the channel. */
  readonly broadcast?: boolean;
}

export interface SlackUpdateMessage {
  readonly channel: string;
  readonly ts: string;
  readonly text: string;
  readonly blocks: readonly unknown[];
}

export interface SlackResponseBody {
  readonly text: string;
  readonly blocks?: readonly unknown[];
  readonly replace_original: boolean;
  readonly response_type?: 'ephemeral' | 'in_channel';
}

export interface SlackWebApiOptions {
  /** The bot token (xoxb-…), read lazily so that a cold start without Slack calls skips SSM. */
  readonly token: () => Promise<string>;
  readonly fetch?: typeof fetch;
  readonly timeoutMs?: number;
  readonly baseUrl?: string;
}

const RESPONSE_URL_HOSTS = new Set(['hooks.slack.com', 'hooks.slack-gov.com']);

/** response_url comes from a verified payload; the host check keeps it from becoming an SSRF. */
export const isSlackResponseUrl = (value: string): boolean => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && RESPONSE_URL_HOSTS.has(url.hostname);
  } catch {
    return false;
  }
};

interface SlackReply {
  ok?: boolean;
  error?: string;
  channel?: string;
  ts?: string;
  users?: string[];
}

export function createSlackWebApi(options: SlackWebApiOptions): SlackWebApi {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 2500;
  const baseUrl = options.baseUrl ?? 'https://slack.com/api';

  const send = async (method: string, url: string, init: RequestInit): Promise<Response> => {
    let response: Response;
    try {
      response = await doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (cause) {
      const code = (cause as Error).name === 'TimeoutError' ? 'timeout' : 'network';
      throw new SlackApiError(method, code, true, { cause: new Error(code) });
    }
    if (!response.ok) {
      throw new SlackApiError(method, `http-${response.status}`, response.status === 429 || response.status >= 500);
    }
    return response;
  };

  const call = async (method: string, body: Record<string, unknown>, form: boolean): Promise<SlackReply> => {
    const token = await options.token();
    const response = await send(method, `${baseUrl}/${method}`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json; charset=utf-8',
      },
      body: form ? new URLSearchParams(body as Record<string, string>).toString() : JSON.stringify(body),
    });
    const reply = (await response.json()) as SlackReply;
    if (reply.ok !== true) {
      const code = typeof reply.error === 'string' ? reply.error : 'unknown_error';
      throw new SlackApiError(method, code, code === 'ratelimited' || code === 'internal_error');
    }
    return reply;
  };

  return {
    async postMessage(message) {
      const reply = await call(
        'chat.postMessage',
        {
          channel: message.channel,
          text: message.text,
          ...(message.blocks ? { blocks: message.blocks } : {}),
          ...(message.threadTs ? { thread_ts: message.threadTs, reply_broadcast: message.broadcast === true } : {}),
          unfurl_links: false,
          unfurl_media: false,
        },
        false,
      );
      if (typeof reply.ts !== 'string') throw new SlackApiError('chat.postMessage', 'no_ts', false);
      return { channel: reply.channel ?? message.channel, ts: reply.ts };
    },
    async updateMessage(message) {
      await call('chat.update', { channel: message.channel, ts: message.ts, text: message.text, blocks: message.blocks }, false);
    },
    async userGroupMembers(userGroup) {
      const reply = await call('usergroups.users.list', { usergroup: userGroup }, true);
      return Array.isArray(reply.users) ? reply.users.filter((u) => typeof u === 'string') : [];
    },
    async respond(responseUrl, body) {
      if (!isSlackResponseUrl(responseUrl)) throw new SlackApiError('response_url', 'not-a-slack-url', false);
      await send('response_url', responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(body),
      });
    },
  };
}
