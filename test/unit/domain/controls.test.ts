import { describe, expect, it } from 'vitest';
import { type Control, type ControlSituation, controlRefusal } from '../../../src/domain/controls.ts';

const canary: ControlSituation = {
  phase: 'canary',
  greenPercent: 50,
  stageIndex: 1,
  stageCount: 4,
  running: true,
  paused: null,
  pending: null,
  approvers: true,
  bakeEndsAt: Date.parse('2026-05-04T10:30:00.000Z'),
  now: Date.parse('2026-05-04T10:10:00.000Z'),
};
const bakeOver = { now: Date.parse('2026-05-04T10:30:00.000Z') };
const paused = { by: 'alice', reason: 'latency', at: '2026-05-04T10:00:00.000Z', stageIndex: 1 };
const pending = { kind: 'promote' as const, by: 'bob', reason: 'looks fine', at: '2026-05-04T10:01:00.000Z', stageIndex: 1 };

describe('controlRefusal', () => {
  it.each<[Control, Partial<ControlSituation>]>([
    ['pause', {}],
    ['pause', { running: false }],
    ['pause', { phase: 'draining', greenPercent: 100, stageIndex: 3 }],
    ['resume', { paused }],
    ['resume', { paused, phase: null, running: false }],
    ['promote', {}],
    ['promote', { phase: 'draining', greenPercent: 100, stageIndex: 3 }],
    ['promote', { bakeEndsAt: null }],
    ['pause', bakeOver],
    ['pause', { ...bakeOver, phase: 'draining', greenPercent: 100, stageIndex: 3 }],
    ['promote-full', {}],
    ['step-back', {}],
  ])('%s is allowed in %o', (control, change) => {
    // Act
    const refusal = controlRefusal(control, { ...canary, ...change });
    // Assess
    expect(refusal).toBeNull();
  });

  it.each<[Control, Partial<ControlSituation>, string, string]>([
    ['step-back', { phase: 'idle', greenPercent: 0, stageIndex: -1 }, 'wrong-phase', 'cannot step back in phase idle, 0% green'],
    ['step-back', { phase: 'draining', greenPercent: 100, stageIndex: 3 }, 'wrong-phase', 'cannot step back in phase draining, 100% green, stage 4 of 4'],
    ['step-back', { stageIndex: 0, greenPercent: 20 }, 'first-stage', 'cannot step back from the first stage (phase canary, 20% green, stage 1 of 4)'],
    ['step-back', { paused }, 'paused', 'cannot step-back while paused by alice'],
    ['promote', { paused }, 'paused', 'cannot promote while paused by alice (phase canary, 50% green, stage 2 of 4): resume first'],
    ['promote', { phase: 'complete', greenPercent: 100 }, 'wrong-phase', 'cannot promote in phase complete'],
    ['promote', { pending }, 'pending', 'a promote by bob is still pending'],
    ['promote', { running: false }, 'not-running', 'no rollout execution runs'],
    ['promote', { phase: null, greenPercent: 0, stageIndex: -1 }, 'wrong-phase', 'cannot promote in phase none, no routing document'],
    ['promote-full', { phase: 'draining', greenPercent: 100, stageIndex: 3 }, 'wrong-phase', 'cannot promote --full in phase draining'],
    ['promote-full', { approvers: false }, 'no-approvers', 'the plan names no approvers'],
    [
      'promote',
      bakeOver,
      'not-baking',
      'cannot promote: the bake of stage 2 ended at 2026-05-04T10:30:00.000Z (phase canary, 50% green, stage 2 of 4); the gates are judged or an approval waits',
    ],
    ['step-back', bakeOver, 'not-baking', 'cannot step back: the bake of stage 2 ended'],
    ['promote-full', { ...bakeOver, approvers: false }, 'not-baking', 'cannot promote --full: the bake of stage 2 ended'],
    [
      'promote',
      { ...bakeOver, phase: 'draining', greenPercent: 100, stageIndex: 3 },
      'not-baking',
      'cannot promote: the bake of stage 4 ended at 2026-05-04T10:30:00.000Z (phase draining, 100% green, stage 4 of 4); the drain of blue follows, which no control shortens',
    ],
    ['pause', { phase: 'complete', greenPercent: 100, stageIndex: 3 }, 'wrong-phase', 'cannot pause in phase complete'],
    ['pause', { phase: 'idle', greenPercent: 0, stageIndex: -1 }, 'wrong-phase', 'cannot pause in phase idle, 0% green'],
    ['pause', { phase: 'rolled-back', greenPercent: 0, stageIndex: -1 }, 'wrong-phase', 'cannot pause in phase rolled-back'],
    ['pause', { paused }, 'already-paused', 'already paused by alice at 2026-05-04T10:00:00.000Z'],
    ['resume', {}, 'not-paused', 'cannot resume: not paused (phase canary, 50% green, stage 2 of 4)'],
  ])('%s in %o is refused: %s', (control, change, code, message) => {
    // Act
    const refusal = controlRefusal(control, { ...canary, ...change });
    // Assess
    expect(refusal?.code).toBe(code);
    expect(refusal?.message).toContain(message);
    expect(refusal?.message).not.toContain('\n');
  });
});
