import { describe, expect, it } from 'vitest';
import { autoApprove, createLocalApprovalChannel, promptApproval } from '../../../../src/local/rehearsal/local-approvals.ts';
import type { ApprovalDecision, ApprovalRecord } from '../../../../src/ports/index.ts';

const record = (kind: 'stage' | 'decommission'): ApprovalRecord => ({
  approvalId: 'a1',
  migration: 'rehearsal',
  kind,
  stageIndex: 1,
  fromPercent: 20,
  toPercent: 50,
  executionArn: 'arn:local',
  channel: null,
  approvers: { users: [] },
  taskToken: 'token-1',
  createdAt: 0,
  expiresAt: 60_000,
  onTimeout: null,
});
const context = { gate: null, bakeSeconds: 9 };

function channelWith(decide = autoApprove) {
  const applied: [string, ApprovalDecision][] = [];
  const events: string[] = [];
  const queued: (() => void)[] = [];
  const channel = createLocalApprovalChannel({
    decide,
    apply: async (r, d) => {
      applied.push([r.taskToken, d]);
      return 'accepted';
    },
    clock: { now: () => 42 },
    timers: { setTimeout: (fn) => queued.push(fn), clearTimeout: () => {} },
    onEvent: (_at, text) => events.push(text),
  });
  const flush = async () => {
    for (const fn of queued.splice(0)) fn();
    await new Promise((r) => setImmediate(r));
  };
  return { channel, applied, events, flush };
}

describe('createLocalApprovalChannel', () => {
  it('approves after post returns, through the decision use case', async () => {
    // Prepare
    const { channel, applied, events, flush } = channelWith();

    // Act
    await channel.post(record('decommission'), context);
    const beforeFlush = applied.length;
    await flush();

    // Assess
    expect(beforeFlush).toBe(0);
    expect(applied).toEqual([['token-1', { action: 'approve', by: 'rehearsal', byName: 'automatic approval', at: 42, via: 'cli' }]]);
    expect(events).toEqual([
      'approval requested: decommission of blue (rehearsal)',
      'approval: decommission of blue (rehearsal): approve by automatic approval',
    ]);
  });

  it('reports a decision that could not be applied', async () => {
    // Prepare
    const { channel, events, flush } = channelWith(async () => {
      throw new TypeError('boom');
    });

    // Act
    await channel.post(record('stage'), { gate: null, bakeSeconds: 9 });
    await flush();

    // Assess
    expect(events.at(-1)).toBe('approval: stage 2: 20% → 50% green: could not be applied (TypeError)');
  });
});

describe('promptApproval', () => {
  it.each([
    { answers: ['y'], action: 'approve' },
    { answers: [''], action: 'approve' },
    { answers: ['n'], action: 'reject' },
    { answers: ['maybe', 'R'], action: 'roll-back' },
  ])('reads $answers as $action', async ({ answers, action }) => {
    // Prepare
    const questions: string[] = [];
    const ask = async (question: string) => {
      questions.push(question);
      return answers[questions.length - 1] ?? null;
    };

    // Act
    const decision = await promptApproval(ask, 10_000)(record('stage'), context);

    // Assess
    expect(decision).toEqual({ action, by: 'rehearsal-operator', byName: 'operator at the terminal' });
    expect(questions[0]).toBe('Approve stage 2: 20% → 50% green? [Y]es / [n]o / [r]oll back (yes in 10 s): ');
  });

  it('approves automatically when nobody answers', async () => {
    // Act
    const decision = await promptApproval(async () => null, 10_000)(record('decommission'), context);

    // Assess
    expect(decision).toEqual({ action: 'approve', by: 'rehearsal', byName: 'automatic approval' });
  });
});
