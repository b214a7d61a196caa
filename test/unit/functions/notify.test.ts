import { describe, expect, it } from 'vitest';
import { createNotifyHandler } from '../../../functions/notify.ts';
import type { NotificationThreads } from '../../../src/ports/index.ts';
import { captureLogger, fakeSlackApi } from '../../support/approval-fixtures.ts';

const threads = (): NotificationThreads => {
  const stored = new Map<string, { channel: string; ts: string }>();
  return { get: async (m) => stored.get(m) ?? null, put: async (m, t) => void stored.set(m, t) };
};

describe('notify handler', () => {
  it('posts a Notification into the thread of the plan channel it is given', async () => {
    // Prepare
    const slack = fakeSlackApi();
    const handler = createNotifyHandler({ api: slack.api, threads: threads(), logger: captureLogger() });
    // Act
    await handler({ migration: 'payments', kind: 'routing-changed', text: 'green 20% → 50%', channel: 'C0PAYMENTS' }, {} as never);
    // Assess
    expect(slack.posts.map((p) => p.text)).toEqual(['kraft-canary: migration payments', '[payments] green 20% → 50%']);
  });

  it.each([
    { name: 'invalid input', event: { kind: 'nonsense' }, fail: false },
    { name: 'Slack down', event: { migration: 'payments', kind: 'complete', text: 'done', channel: 'C0PAYMENTS' }, fail: true },
  ])('never fails the state machine: $name', async ({ event, fail }) => {
    // Prepare
    const slack = fakeSlackApi();
    if (fail) slack.api.postMessage = () => Promise.reject(new TypeError('fetch failed'));
    const logger = captureLogger();
    const handler = createNotifyHandler({ api: slack.api, threads: threads(), logger });
    // Act
    const result = await handler(event, {} as never);
    // Assess
    expect(result).toBeUndefined();
    expect(logger.lines.map((l) => l.level)).toEqual(['error']);
  });
});
