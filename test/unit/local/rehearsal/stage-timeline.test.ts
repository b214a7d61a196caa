import { describe, expect, it } from 'vitest';
import { type RoutingWrite, stageTimeline } from '../../../../src/local/rehearsal/stage-timeline.ts';

const w = (at: number, phase: RoutingWrite['phase'], greenPercent: number): RoutingWrite => ({ at, phase, greenPercent });

describe('stageTimeline', () => {
  it('gives each routing state the time until the next one, the last until the end', () => {
    // Prepare
    const writes = [w(0, 'idle', 0), w(1_000, 'canary', 20), w(11_000, 'canary', 50), w(21_500, 'draining', 100), w(30_000, 'complete', 100)];

    // Act
    const periods = stageTimeline(writes, 32_000);

    // Assess
    expect(periods.map((p) => [p.label, p.seconds])).toEqual([
      ['idle', 1],
      ['canary 20%', 10],
      ['canary 50%', 10.5],
      ['draining 100%', 8.5],
      ['complete', 2],
    ]);
  });

  it('merges repeated writes of the same state (resume, re-asserted rollback)', () => {
    // Prepare
    const writes = [w(0, 'canary', 20), w(4_000, 'rolled-back', 0), w(4_200, 'rolled-back', 0), w(9_000, 'rolled-back', 0)];

    // Act
    const periods = stageTimeline(writes, 10_000);

    // Assess
    expect(periods).toEqual([
      { label: 'canary 20%', phase: 'canary', greenPercent: 20, startedAt: 0, endedAt: 4_000, seconds: 4 },
      { label: 'rolled-back', phase: 'rolled-back', greenPercent: 0, startedAt: 4_000, endedAt: 10_000, seconds: 6 },
    ]);
  });

  it('is empty without writes', () => {
    // Act
    const periods = stageTimeline([], 10);

    // Assess
    expect(periods).toEqual([]);
  });
});
