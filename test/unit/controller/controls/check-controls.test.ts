import { describe, expect, it } from 'vitest';
import { checkControls } from '../../../../src/controller/controls/check-controls.ts';
import { controlRequestName, pausedName } from '../../../../src/controller/controls/control-records.ts';
import { InvalidStepInputError } from '../../../../src/controller/errors.ts';
import { MemoryRoutingStore } from '../../../../src/local/memory-routing-store.ts';
import type { Logger } from '../../../../src/ports/index.ts';
import { T0 } from '../../../support/rollout-fixtures.ts';

const PREFIX = '/kc';
const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const pause = (at: string) => JSON.stringify({ by: 'alice', reason: 'p99', at, stageIndex: 1 });
const input = (overrides: Record<string, unknown> = {}) => ({
  migration: 'orders',
  stageIndex: 1,
  bakeSeconds: 900,
  bakeStartedAt: new Date(T0).toISOString(),
  ...overrides,
});

function world(now = T0 + 120_000) {
  const store = new MemoryRoutingStore();
  return { store, check: checkControls({ flags: store, clock: { now: () => now }, logger: silent, prefix: PREFIX }) };
}

describe('checkControls', () => {
  it('a resume lifts the pause it held for and the bake goes on', async () => {
    // Prepare
    const { store, check } = world();
    await store.create(pausedName(PREFIX, 'orders'), pause('2026-05-04T10:01:00.000Z'));
    // Act
    const decision = await check(input({ resumed: { approver: 'U0123ABCD', pausedSince: '2026-05-04T10:01:00.000Z' } }));
    // Assess
    expect(decision).toEqual({ kind: 'bake', waitSeconds: 60, remainingSeconds: 780, checks: 1 });
    expect(await store.get(pausedName(PREFIX, 'orders'))).toBeNull();
  });

  it('a newer pause than the one resumed stays: the rollout holds again', async () => {
    // Prepare
    const { store, check } = world();
    await store.create(pausedName(PREFIX, 'orders'), pause('2026-05-04T10:05:00.000Z'));
    // Act
    const decision = await check(input({ resumed: { approver: 'U0123ABCD', pausedSince: '2026-05-04T10:01:00.000Z' } }));
    // Assess
    expect(decision).toMatchObject({ kind: 'paused', since: '2026-05-04T10:05:00.000Z' });
  });

  it.each([
    ['paused', true, { kind: 'paused', by: 'alice', reason: 'p99', since: '2026-05-04T10:01:00.000Z', checks: 0 }],
    ['not paused', false, { kind: 'judge', promotedBy: null, checks: 0 }],
  ])('the check after the drain of blue (no bake, no bakeStartedAt) when %s', async (_name, paused, expected) => {
    // Prepare
    const { store, check } = world();
    if (paused) await store.create(pausedName(PREFIX, 'orders'), pause('2026-05-04T10:01:00.000Z'));
    const { bakeStartedAt: _none, ...rest } = input({ stageIndex: 3, bakeSeconds: 0, between: true });
    // Act
    const decision = await check(rest);
    // Assess
    expect(decision).toEqual(expected);
  });

  it('an unreadable pause record still pauses', async () => {
    // Prepare
    const { store, check } = world();
    await store.create(pausedName(PREFIX, 'orders'), 'not json');
    // Act
    const decision = await check(input());
    // Assess
    expect(decision).toEqual({ kind: 'paused', by: 'unknown', reason: 'unreadable pause record', since: 'unknown', checks: 0 });
  });

  it('a request is taken up once and removed; an unreadable one is dropped', async () => {
    // Prepare
    const { store, check } = world();
    await store.create(controlRequestName(PREFIX, 'orders'), JSON.stringify({ kind: 'promote', by: 'bob', reason: 'ok', at: 'x', stageIndex: 1 }));
    // Act
    const first = await check(input());
    await store.create(controlRequestName(PREFIX, 'orders'), '{"kind":"warp"}');
    const second = await check(input());
    // Assess
    expect(first).toEqual({ kind: 'judge', promotedBy: 'bob', checks: 0 });
    expect(second).toMatchObject({ kind: 'bake' });
    expect(await store.get(controlRequestName(PREFIX, 'orders'))).toBeNull();
  });

  it('between stages only the pause counts: a request waits for the next bake', async () => {
    // Prepare
    const { store, check } = world();
    const request = JSON.stringify({ kind: 'step-back', by: 'bob', reason: 'ok', at: 'x', stageIndex: 1 });
    await store.create(controlRequestName(PREFIX, 'orders'), request);
    // Act
    const decision = await check(input({ bakeSeconds: 0, between: true }));
    // Assess
    expect(decision).toEqual({ kind: 'judge', promotedBy: null, checks: 0 });
    expect(await store.get(controlRequestName(PREFIX, 'orders'))).toBe(request);
  });

  it('an input it cannot use is an InvalidStepInputError', async () => {
    await expect(world().check(input({ bakeStartedAt: 'yesterday' }))).rejects.toBeInstanceOf(InvalidStepInputError);
  });
});
