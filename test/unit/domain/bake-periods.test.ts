import { describe, expect, it } from 'vitest';
import { bakeIssues, MIN_BAKE_PERIODS } from '../../../src/domain/bake-periods.ts';

describe('bakeIssues', () => {
  it.each([
    { name: 'CloudWatch: 5 minutes is enough', stages: [{ bake: 300 }, { bake: 900 }], period: 60, issues: [] },
    { name: 'CloudWatch: 4 minutes is not', stages: [{ bake: 900 }, { bake: 240 }], period: 60, issues: ['stages.1.bake'] },
    { name: 'no bake at all is not', stages: [{ bake: 0 }], period: 60, issues: ['stages.0.bake'] },
    { name: 'the rehearsal at ×100: 3 s periods-worth', stages: [{ bake: 3 }], period: 0.6, issues: [] },
  ])('$name', ({ stages, period, issues }) => {
    expect(bakeIssues(stages, period).map((i) => i.path)).toEqual(issues);
  });

  it('says how long the bake must be', () => {
    expect(MIN_BAKE_PERIODS).toBe(5);
    expect(bakeIssues([{ bake: 60 }], 60)[0]?.message).toBe('60s is under 5 metric periods of 60s: the gates could never see enough data; bake at least 300s');
  });
});
