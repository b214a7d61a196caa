import { describe, expect, it } from 'vitest';
import type { NotificationThread, NotificationThreads } from '../../../src/ports/index.ts';
import { SlackApiError } from '../../../src/slack/errors.ts';
import { createSlackNotifier } from '../../../src/slack/slack-notifier.ts';
import { captureLogger, fakeSlackApi } from '../../support/approval-fixtures.ts';

function memoryThreads(initial: Record<string, NotificationThread> = {}): NotificationThreads & { stored: Record<string, NotificationThread> } {
  const stored = { ...initial };
  return {
    stored,
    get: async (migration) => stored[migration] ?? null,
    put: async (migration, thread) => {
      stored[migration] = thread;
    },
  };
}

describe('createSlackNotifier', () => {
  it('opens one thread per migration and replies in it', async () => {
    // Prepare
    const slack = fakeSlackApi();
    const threads = memoryThreads();
    const notifier = createSlackNotifier({ api: slack.api, threads, logger: captureLogger(), channel: 'C0PAYMENTS' });
    // Act
    await notifier.notify({ migration: 'payments', kind: 'routing-changed', text: 'green 0% → 20%', fields: { revision: 8 } });
    await notifier.notify({ migration: 'payments', kind: 'gate-result', text: 'gates passed' });
    // Assess
    const [root, first, second] = slack.posts;
    expect(root).toMatchObject({ channel: 'C0PAYMENTS', text: 'kraft-canary: migration payments' });
    expect(root!.threadTs).toBeUndefined();
    expect(threads.stored.payments).toEqual({ channel: 'C0PAYMENTS', ts: '1777777777.001001' });
    expect(first).toMatchObject({ threadTs: '1777777777.001001', broadcast: false, text: '[payments] green 0% → 20%' });
    expect(second).toMatchObject({ threadTs: '1777777777.001001', text: '[payments] gates passed' });
    expect(slack.posts).toHaveLength(3);
  });

  it('broadcasts rollbacks (with the reason) into the channel; uses the stored thread without a channel', async () => {
    // Prepare
    const slack = fakeSlackApi();
    const threads = memoryThreads({ payments: { channel: 'C0PAYMENTS', ts: '1.5' } });
    const notifier = createSlackNotifier({ api: slack.api, threads, logger: captureLogger() });
    // Act
    await notifier.notify({ migration: 'payments', kind: 'rollback', text: 'rolled back: alarm payments.lag.green in ALARM (lag 5,400 > 1,000)' });
    // Assess
    expect(slack.posts).toEqual([
      expect.objectContaining({ channel: 'C0PAYMENTS', threadTs: '1.5', broadcast: true, text: expect.stringContaining('lag 5,400 &gt; 1,000') }),
    ]);
  });

  it('starts a new thread when the plan moved to another channel', async () => {
    const slack = fakeSlackApi();
    const threads = memoryThreads({ payments: { channel: 'C0OLD', ts: '1.5' } });
    await createSlackNotifier({ api: slack.api, threads, logger: captureLogger(), channel: 'C0NEW' }).notify({
      migration: 'payments',
      kind: 'complete',
      text: 'done',
    });
    expect(slack.posts.map((p) => [p.channel, p.threadTs])).toEqual([
      ['C0NEW', undefined],
      ['C0NEW', '1777777777.001001'],
    ]);
  });

  it.each([
    { name: 'Slack refuses', fail: () => Promise.reject(new SlackApiError('chat.postMessage', 'channel_not_found', false)), code: 'channel_not_found' },
    { name: 'thread store fails', fail: null, code: 'Error' },
  ])('never throws ($name): logs the code only', async ({ fail, code }) => {
    // Prepare
    const slack = fakeSlackApi();
    if (fail) slack.api.postMessage = fail;
    const threads = memoryThreads();
    if (!fail) threads.get = () => Promise.reject(new Error('AccessDenied for token xoxb-secret'));
    const logger = captureLogger();
    // Act
    await createSlackNotifier({ api: slack.api, threads, logger, channel: 'C0PAYMENTS' }).notify({ migration: 'payments', kind: 'hold', text: 'held' });
    // Assess
    expect(logger.lines).toEqual([{ level: 'error', message: 'notification failed', fields: { migration: 'payments', kind: 'hold', error: code } }]);
    expect(logger.text()).not.toContain('xoxb');
  });

  it('skips, with a warning, when no channel is known for the migration', async () => {
    const slack = fakeSlackApi();
    const logger = captureLogger();
    await createSlackNotifier({ api: slack.api, threads: memoryThreads(), logger }).notify({ migration: 'payments', kind: 'drain', text: 'blue drained' });
    expect(slack.posts).toEqual([]);
    expect(logger.lines[0]).toMatchObject({ level: 'warn' });
  });
});
