import { describe, expect, it } from 'vitest';
import { type BakeCheck, controlCheckSeconds, decideBakeCheck, MAX_BAKE_CHECKS } from '../../../src/domain/control-decision.ts';
import type { ControlRequest } from '../../../src/domain/controls.ts';

const T = Date.parse('2026-05-04T10:00:00.000Z');
const check = (overrides: Partial<BakeCheck> = {}): BakeCheck => ({
  stageIndex: 1,
  bakeSeconds: 900,
  bakeStartedAt: T,
  now: T,
  paused: null,
  pending: null,
  checks: 0,
  ...overrides,
});
const request = (kind: ControlRequest['kind'], stageIndex = 1): ControlRequest => ({
  kind,
  by: 'bob',
  reason: 'why',
  at: '2026-05-04T10:01:00.000Z',
  stageIndex,
});
const paused = { by: 'alice', reason: 'latency', at: '2026-05-04T10:02:00.000Z', stageIndex: 1 };

describe('controlCheckSeconds', () => {
  it.each([
    [0, 60],
    [900, 60],
    [1800, 60],
    [3600, 120],
    [7 * 86_400, 20_160],
  ])('a %i s bake is checked every %i s', (bake, every) => {
    expect(controlCheckSeconds(bake)).toBe(every);
  });

  it('never checks a bake more than MAX_BAKE_CHECKS + 1 times', () => {
    for (const bake of [1, 59, 61, 1799, 1801, 3601, 86_399, 7 * 86_400]) {
      expect(Math.ceil(bake / controlCheckSeconds(bake))).toBeLessThanOrEqual(MAX_BAKE_CHECKS);
    }
  });
});

describe('decideBakeCheck', () => {
  it.each<[string, Partial<BakeCheck>, unknown, boolean]>([
    ['bake start: wait a minute', {}, { kind: 'bake', waitSeconds: 60, remainingSeconds: 900 }, false],
    ['last part of the bake: wait what is left', { now: T + 870_500 }, { kind: 'bake', waitSeconds: 30, remainingSeconds: 30 }, false],
    ['bake over: judge', { now: T + 900_000 }, { kind: 'judge', promotedBy: null }, false],
    ['no bake: judge at once', { bakeSeconds: 0 }, { kind: 'judge', promotedBy: null }, false],
    ['a clock that stands still: the bake ends after MAX_BAKE_CHECKS checks', { checks: MAX_BAKE_CHECKS }, { kind: 'judge', promotedBy: null }, false],
    ['one check short of the bound: still baking', { checks: MAX_BAKE_CHECKS - 1 }, { kind: 'bake', waitSeconds: 60, remainingSeconds: 900 }, false],
    ['paused: hold, whatever is pending', { paused, pending: request('promote') }, { kind: 'paused', by: 'alice', reason: 'latency', since: paused.at }, false],
    ['promote: judge now', { pending: request('promote') }, { kind: 'judge', promotedBy: 'bob' }, true],
    ['promote --full', { pending: request('promote-full') }, { kind: 'promote-full', by: 'bob', reason: 'why' }, true],
    ['step back', { pending: request('step-back') }, { kind: 'step-back', toStageIndex: 0, by: 'bob', reason: 'why' }, true],
    ['a request of another stage is dropped', { pending: request('promote', 0) }, { kind: 'bake', waitSeconds: 60, remainingSeconds: 900 }, true],
    ['a stale request at the bake end is dropped', { pending: request('step-back', 2), now: T + 900_000 }, { kind: 'judge', promotedBy: null }, true],
    [
      'a step back at the first stage is dropped',
      { stageIndex: 0, pending: request('step-back', 0) },
      { kind: 'bake', waitSeconds: 60, remainingSeconds: 900 },
      true,
    ],
  ])('%s', (_name, overrides, decision, consumePending) => {
    // Act
    const outcome = decideBakeCheck(check(overrides));
    // Assess
    expect(outcome).toEqual({ decision, consumePending });
  });
});
