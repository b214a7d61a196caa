import { describe, expect, it } from 'vitest';
import { createSlackWebApi, isSlackResponseUrl } from '../../../src/slack/web-api.ts';

type Call = { url: string; init: RequestInit };

function fakeFetch(reply: (call: Call) => Response | Promise<Response>) {
  const calls: Call[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    const call = { url, init };
    calls.push(call);
    return reply(call);
  }) as unknown as typeof globalThis.fetch;
  return { fetch, calls };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const api = (fetch: typeof globalThis.fetch, timeoutMs?: number) =>
  createSlackWebApi({ token: async () => 'xoxb-test-token', fetch, ...(timeoutMs ? { timeoutMs } : {}) });

describe('createSlackWebApi', () => {
  it('posts messages as JSON with the bot token, threaded when asked', async () => {
    // Prepare
    const { fetch, calls } = fakeFetch(() => json({ ok: true, channel: 'C0PAYMENTS', ts: '1.2' }));
    // Act
    const posted = await api(fetch).postMessage({ channel: 'C0PAYMENTS', text: 'hi', threadTs: '1.1', broadcast: true });
    // Assess
    expect(posted).toEqual({ channel: 'C0PAYMENTS', ts: '1.2' });
    expect(calls[0]!.url).toBe('https://slack.com/api/chat.postMessage');
    expect(calls[0]!.init.headers).toMatchObject({ authorization: 'Bearer xoxb-test-token' });
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({
      channel: 'C0PAYMENTS',
      text: 'hi',
      thread_ts: '1.1',
      reply_broadcast: true,
      unfurl_links: false,
      unfurl_media: false,
    });
  });

  it('updates a message with chat.update: channel, ts, text and the whole block list', async () => {
    // Prepare
    const { fetch, calls } = fakeFetch(() => json({ ok: true, channel: 'C0PAYMENTS', ts: '1.2' }));
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'done' } }];
    // Act
    await api(fetch).updateMessage({ channel: 'C0PAYMENTS', ts: '1.2', text: 'decided', blocks });
    // Assess
    expect(calls[0]!.url).toBe('https://slack.com/api/chat.update');
    expect(calls[0]!.init.headers).toMatchObject({ authorization: 'Bearer xoxb-test-token' });
    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ channel: 'C0PAYMENTS', ts: '1.2', text: 'decided', blocks });
  });

  it("reports chat.update's refusal by Slack's error code only", async () => {
    const { fetch } = fakeFetch(() => json({ ok: false, error: 'cant_update_message' }));
    const attempt = api(fetch).updateMessage({ channel: 'C0PAYMENTS', ts: '1.2', text: 'decided', blocks: [] });
    await expect(attempt).rejects.toMatchObject({ name: 'SlackApiError', method: 'chat.update', code: 'cant_update_message', retriable: false });
  });

  it('lists user group members with a form-encoded read call', async () => {
    const { fetch, calls } = fakeFetch(() => json({ ok: true, users: ['U0A', 'U0B'] }));
    expect(await api(fetch).userGroupMembers('S0SRETEAM')).toEqual(['U0A', 'U0B']);
    expect(calls[0]!.url).toBe('https://slack.com/api/usergroups.users.list');
    expect(String(calls[0]!.init.body)).toBe('usergroup=S0SRETEAM');
  });

  it.each([
    { name: 'ok:false', reply: () => json({ ok: false, error: 'channel_not_found' }), code: 'channel_not_found', retriable: false },
    { name: 'rate limited', reply: () => json({ ok: false, error: 'ratelimited' }, 429), code: 'http-429', retriable: true },
    { name: 'server error', reply: () => new Response('', { status: 503 }), code: 'http-503', retriable: true },
    {
      name: 'network failure',
      reply: () => Promise.reject(new TypeError('fetch failed')),
      code: 'network',
      retriable: true,
    },
  ])('turns $name into a SlackApiError without the token', async ({ reply, code, retriable }) => {
    const { fetch } = fakeFetch(reply);
    const failure = await api(fetch)
      .postMessage({ channel: 'C0PAYMENTS', text: 'hi' })
      .catch((e: unknown) => e);
    expect(failure).toMatchObject({ name: 'SlackApiError', method: 'chat.postMessage', code, retriable });
    expect(JSON.stringify(failure) + String(failure)).not.toContain('xoxb');
  });

  it('gives up after its timeout', async () => {
    const { fetch } = fakeFetch(
      ({ init }) =>
        new Promise((_, reject) => init.signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'TimeoutError' })))),
    );
    await expect(api(fetch, 20).userGroupMembers('S0X')).rejects.toMatchObject({ code: 'timeout', retriable: true });
  });

  it('answers through response_url without the bot token, and only to Slack hosts', async () => {
    // Prepare
    const { fetch, calls } = fakeFetch(() => new Response('ok'));
    const slack = api(fetch);
    // Act
    await slack.respond('https://hooks.slack.com/actions/T/1/x', { replace_original: true, text: 'done' });
    const refused = await slack.respond('https://169.254.169.254/latest', { replace_original: true, text: 'x' }).catch((e: unknown) => e);
    // Assess
    expect(calls).toHaveLength(1);
    expect(JSON.stringify(calls[0]!.init.headers)).not.toContain('xoxb');
    expect(refused).toMatchObject({ name: 'SlackApiError', code: 'not-a-slack-url' });
  });

  it.each([
    ['https://hooks.slack.com/actions/T/1/x', true],
    ['https://hooks.slack-gov.com/actions/T/1/x', true],
    ['http://hooks.slack.com/actions/T/1/x', false],
    ['https://hooks.slack.com.evil.example/x', false],
    ['not a url', false],
  ])('isSlackResponseUrl(%s) = %s', (url, want) => {
    expect(isSlackResponseUrl(url)).toBe(want);
  });
});
