import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETENTION_SECONDS,
  judgeInputRetention,
  judgeState,
  retentionSeconds,
  rolloutWindowSeconds,
  type StateFacts,
} from '../../../src/domain/mover-state.ts';
import type { Mover } from '../../../src/domain/plan.ts';
import { domainPlan } from '../../support/domain-fixtures.ts';

const HOUR = 3600;

describe('rolloutWindowSeconds', () => {
  it('adds the bakes, the Slack approvals and twice the drain timeout', () => {
    expect(rolloutWindowSeconds(domainPlan())).toBe(4 * 900 + 2 * 7200);
    const withApproval = domainPlan({
      stages: [{ greenPercent: 20, approval: 'slack', bake: '1h' }, { greenPercent: 100 }],
      approvers: { users: ['U0123ABCD'] },
      slack: { channel: 'C0123ABCD' },
      approvalTimeout: '2h',
    });
    expect(rolloutWindowSeconds(withApproval)).toBe(HOUR + 2 * HOUR + 900 + 2 * 7200);
  });
});

describe('retentionSeconds', () => {
  it.each<[Record<string, string> | undefined, number | null]>([
    [undefined, null],
    [{}, DEFAULT_RETENTION_SECONDS],
    [{ 'retention.ms': '3600000' }, HOUR],
    [{ 'retention.ms': '-1' }, Number.POSITIVE_INFINITY],
    [{ 'cleanup.policy': 'compact' }, Number.POSITIVE_INFINITY],
    [{ 'cleanup.policy': 'compact,delete', 'retention.ms': '7200000' }, 2 * HOUR],
  ])('%j → %s', (configs, expected) => {
    expect(retentionSeconds(configs)).toBe(expected);
  });
});

describe('judgeInputRetention', () => {
  it.each([
    { inputs: [], status: 'warn', details: "no input topics known: name them in the mover's topics" },
    {
      inputs: [
        { topic: 'a', seconds: 86_400 },
        { topic: 'b', seconds: null },
      ],
      status: 'warn',
      details: 'retention of b on green unknown (configs not described): compare it with the rollout window 5 h',
    },
    {
      inputs: [
        { topic: 'a', seconds: 86_400 },
        { topic: 'b', seconds: HOUR },
      ],
      status: 'fail',
      details:
        'b keeps 1 h on green, less than the rollout window 5 h: messages sent to green at the first stage would expire before the move. Raise retention.ms on green or shorten the plan',
    },
    { inputs: [{ topic: 'a', seconds: 86_400 }], status: 'ok', details: 'inputs keep at least 24 h on green, rollout window 5 h' },
  ])('$status for $inputs.length inputs', ({ inputs, status, details }) => {
    expect(judgeInputRetention(inputs, 5 * HOUR)).toEqual({ status, details });
  });
});

const streams = (state?: Mover['state']): Mover => ({ group: 'scorer', kind: 'streams', move: { slack: true }, ...(state ? { state } : {}) });
const facts = (overrides: Partial<StateFacts>): StateFacts => ({
  mover: streams(),
  stateTopics: ['scorer-store-changelog'],
  replicated: [],
  inputs: [{ topic: 'orders', seconds: 86_400 }],
  windowSeconds: 5 * HOUR,
  ...overrides,
});
const replicate = streams({ strategy: 'replicate', replicatedBy: { tool: 'msk-replicator', name: 'orders-replicator' } });

describe('judgeState', () => {
  it.each<{ name: string; facts: StateFacts; status: string; details: string }>([
    {
      name: 'a replicated changelog',
      facts: facts({ mover: replicate, replicated: ['scorer-store-changelog'] }),
      status: 'ok',
      details: 'replicate by msk-replicator orders-replicator: 1 state topic(s) hold messages on green',
    },
    {
      name: 'a replica not started',
      facts: facts({ mover: replicate }),
      status: 'fail',
      details: 'replicate by msk-replicator orders-replicator: scorer-store-changelog hold nothing on green yet: start the replication before the move',
    },
    {
      name: 'no replica and short input retention',
      facts: facts({ mover: streams({ strategy: 'rebuild' }), inputs: [{ topic: 'orders', seconds: HOUR }] }),
      status: 'fail',
      details:
        'changelogs scorer-store-changelog have no replica and orders keeps 1 h, less than the rollout window 5 h: the stores cannot be rebuilt on green. Replicate the changelogs (state.strategy: replicate)',
    },
    {
      name: 'reprocess',
      facts: facts({ mover: streams({ strategy: 'reprocess' }) }),
      status: 'warn',
      details: 'reprocess: reads green from its earliest offsets with empty state; downstream sees the reprocessed output again',
    },
    {
      name: 'rebuild with enough retention',
      facts: facts({ mover: streams({ strategy: 'rebuild' }) }),
      status: 'warn',
      details:
        "rebuild: the state holds what green's inputs hold at the move, at most the rollout window 5 h; a store that needs older inputs must be replicated",
    },
    { name: 'no state', facts: facts({ stateTopics: [] }), status: 'ok', details: 'no state topics on blue' },
    {
      name: 'state without a strategy',
      facts: facts({}),
      status: 'warn',
      details: 'state topics scorer-store-changelog and no state.strategy: name rebuild, replicate or reprocess',
    },
    {
      name: 'Connect offsets with unknown retention',
      facts: facts({
        mover: { group: 'connect-s3', kind: 'connect', move: { slack: true } },
        stateTopics: ['connect-offsets'],
        inputs: [{ topic: 'orders', seconds: null }],
      }),
      status: 'warn',
      details: 'state topics connect-offsets and no state.strategy: name rebuild, replicate or reprocess',
    },
    {
      name: 'no inputs known',
      facts: facts({ inputs: [], stateTopics: [] }),
      status: 'ok',
      details: 'no state topics on blue',
    },
  ])('$name: $status', ({ facts: f, status, details }) => {
    expect(judgeState(f)).toEqual({ status, details });
  });
});
