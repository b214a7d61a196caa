import { describe, expect, it } from 'vitest';
import type { ControlSituation } from '../../../src/domain/controls.ts';
import { type StageButtonsView, stageButtons, staleButtonRefusal } from '../../../src/domain/stage-buttons.ts';

const view = (change: Partial<StageButtonsView> = {}): StageButtonsView => ({
  phase: 'canary',
  greenPercent: 50,
  stageIndex: 1,
  stageCount: 4,
  paused: null,
  ...change,
});
const paused = { by: 'alice', reason: 'latency', at: '2026-05-04T10:00:00.000Z', stageIndex: 1 };

describe('stageButtons', () => {
  it.each<[string, Partial<StageButtonsView>, string[]]>([
    ['a canary stage after the first', {}, ['pause', 'promote', 'step-back']],
    ['the first stage: no Step back', { stageIndex: 0, greenPercent: 20 }, ['pause', 'promote']],
    ['while paused: no Promote (and nothing else)', { paused }, []],
    ['after the cutover: none', { phase: 'draining', greenPercent: 100, stageIndex: 3 }, []],
    ['complete: none', { phase: 'complete', greenPercent: 100, stageIndex: 3 }, []],
    ['rolled back: none', { phase: 'rolled-back', greenPercent: 0, stageIndex: -1 }, []],
    ['idle: none', { phase: 'idle', greenPercent: 0, stageIndex: -1 }, []],
  ])('%s → %o', (_name, change, buttons) => {
    // Act
    const offered = stageButtons(view(change));
    // Assess
    expect(offered).toEqual(buttons);
  });
});

describe('staleButtonRefusal', () => {
  const situation: ControlSituation = {
    phase: 'canary',
    greenPercent: 80,
    stageIndex: 2,
    stageCount: 4,
    running: true,
    paused: null,
    pending: null,
    approvers: true,
    bakeEndsAt: null,
    now: 0,
  };

  it('a button of the stage the route is at may act', () => {
    expect(staleButtonRefusal('step-back', 2, situation)).toBeNull();
  });

  it.each<[string, Partial<ControlSituation>, string]>([
    [
      'an older stage',
      {},
      'cannot step back: this button is for stage 2, the rollout is at stage 3 (phase canary, 80% green, stage 3 of 4); use the buttons of the newest stage message',
    ],
    [
      'no stage at all',
      { stageIndex: -1, phase: 'rolled-back', greenPercent: 0 },
      'cannot step back: this button is for stage 2, the rollout is at no stage (phase rolled-back, 0% green)',
    ],
  ])('a button of %s is refused in one line', (_name, change, message) => {
    // Act
    const refusal = staleButtonRefusal('step-back', 1, { ...situation, ...change });
    // Assess
    expect(refusal?.code).toBe('stage-moved');
    expect(refusal?.message).toContain(message);
  });
});
