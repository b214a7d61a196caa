import type { Phase } from '@kraft-canary/client/contract';

/** One routing write as the timeline needs it (from the routing parameter's history). */
export interface RoutingWrite {
  readonly at: number;
  readonly phase: Phase;
  readonly greenPercent: number;
}

export interface StagePeriod {
  /** `canary 20%`, `draining 100%`, `complete`, `rolled-back`, ... */
  readonly label: string;
  readonly phase: Phase;
  readonly greenPercent: number;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly seconds: number;
}

export const stageLabel = (phase: Phase, greenPercent: number): string => (phase === 'canary' || phase === 'draining' ? `${phase} ${greenPercent}%` : phase);

/**
 * Time spent in each routing state, from the history of routing writes. Consecutive writes of
 * the same state (a resume, a re-asserted rollback) extend one period instead of starting one.
 */
export function stageTimeline(writes: readonly RoutingWrite[], endAt: number): StagePeriod[] {
  const periods: StagePeriod[] = [];
  for (const [i, write] of writes.entries()) {
    const label = stageLabel(write.phase, write.greenPercent);
    if (periods.at(-1)?.label === label) continue;
    const next = writes.slice(i + 1).find((w) => stageLabel(w.phase, w.greenPercent) !== label);
    const endedAt = Math.max(write.at, next?.at ?? endAt);
    periods.push({
      label,
      phase: write.phase,
      greenPercent: write.greenPercent,
      startedAt: write.at,
      endedAt,
      seconds: Math.round((endedAt - write.at) / 100) / 10,
    });
  }
  return periods;
}
