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

  it("renders a stage's control buttons under its text", async () => {
    // Prepare
    const slack = fakeSlackApi();
    const handler = createNotifyHandler({ api: slack.api, threads: threads(), logger: captureLogger() });
    const controls = { stageIndex: 1, offered: ['pause', 'promote', 'step-back'] };
    // Act
    await handler({ migration: 'payments', kind: 'routing-changed', text: 'green 20% → 50%', controls, channel: 'C0PAYMENTS' }, {} as never);
    // Assess
    const actions = (slack.posts.at(-1)?.blocks ?? []).find((b) => (b as { type?: string }).type === 'actions') as {
      block_id: string;
      elements: { value: string }[];
    };
    expect(actions.block_id).toBe('kraft-canary-control:payments');
    expect(actions.elements.map((e) => e.value)).toEqual(['pause:1', 'promote:1', 'step-back:1']);
  });

  it('a notification without controls (or offering none) has no buttons', async () => {
    // Prepare
    const slack = fakeSlackApi();
    const handler = createNotifyHandler({ api: slack.api, threads: threads(), logger: captureLogger() });
    // Act
    await handler(
      { migration: 'payments', kind: 'routing-changed', text: '100%', controls: { stageIndex: 3, offered: [] }, channel: 'C0PAYMENTS' },
      {} as never,
    );
    await handler({ migration: 'payments', kind: 'complete', text: 'done', controls: null, channel: 'C0PAYMENTS' }, {} as never);
    // Assess
    expect(slack.posts.flatMap((p) => p.blocks ?? []).some((b) => (b as { type?: string }).type === 'actions')).toBe(false);
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
