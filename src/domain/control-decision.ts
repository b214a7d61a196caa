import type { ControlRequest, PauseRecord } from './controls.ts';

/**
 * A bake is checked for operator controls at most this many times (plus the check that ends
 * it), however long it is: the execution history stays bounded (history-budget.ts).
 */
export const MAX_BAKE_CHECKS = 30;

/** The shortest wait between two control checks of a bake. */
export const MIN_CHECK_SECONDS = 60;

/** Seconds between control checks while a stage bakes: a minute, or longer for long bakes. */
export const controlCheckSeconds = (bakeSeconds: number): number => Math.max(MIN_CHECK_SECONDS, Math.ceil(bakeSeconds / MAX_BAKE_CHECKS));

/** Whole seconds of a bake still to run at `now` (0 once it is over). */
export const bakeRemainingSeconds = (bakeSeconds: number, bakeStartedAt: number, now: number): number =>
  Math.max(0, Math.ceil(bakeSeconds - (now - bakeStartedAt) / 1000));

export interface BakeCheck {
  readonly stageIndex: number;
  readonly bakeSeconds: number;
  /** Epoch ms of the stage's routing write: the bake runs from there. */
  readonly bakeStartedAt: number;
  readonly now: number;
  readonly paused: PauseRecord | null;
  readonly pending: ControlRequest | null;
  /**
   * Checks this bake has made so far. After MAX_BAKE_CHECKS the bake is over whatever the
   * clock says: a clock that stands still (or jumps back) cannot loop the execution's history
   * past its budget.
   */
  readonly checks: number;
}

export type ControlDecision =
  /** Keep baking: wait, then check again. */
  | { readonly kind: 'bake'; readonly waitSeconds: number; readonly remainingSeconds: number }
  /** Hold until resumed (an alarm or an operator still rolls back). */
  | { readonly kind: 'paused'; readonly by: string; readonly reason: string; readonly since: string }
  /** The bake is over (or was promoted): judge the gates. */
  | { readonly kind: 'judge'; readonly promotedBy: string | null }
  /** Judge the gates, then cut over to 100 % without the stages between. */
  | { readonly kind: 'promote-full'; readonly by: string; readonly reason: string }
  | { readonly kind: 'step-back'; readonly toStageIndex: number; readonly by: string; readonly reason: string };

export interface BakeCheckOutcome {
  readonly decision: ControlDecision;
  /** The pending request was taken up, or is stale (asked at another stage): remove it. */
  readonly consumePending: boolean;
}

function requested(request: ControlRequest): ControlDecision {
  switch (request.kind) {
    case 'promote':
      return { kind: 'judge', promotedBy: request.by };
    case 'promote-full':
      return { kind: 'promote-full', by: request.by, reason: request.reason };
    case 'step-back':
      return { kind: 'step-back', toStageIndex: request.stageIndex - 1, by: request.by, reason: request.reason };
  }
}

/**
 * One control check during a stage's bake. A pause wins over everything; a request asked at
 * this stage is taken up; one asked at another stage is dropped (the stage it meant is gone).
 */
export function decideBakeCheck(check: BakeCheck): BakeCheckOutcome {
  if (check.paused !== null) {
    return { decision: { kind: 'paused', by: check.paused.by, reason: check.paused.reason, since: check.paused.at }, consumePending: false };
  }
  const current = check.pending !== null && check.pending.stageIndex === check.stageIndex && (check.pending.kind !== 'step-back' || check.stageIndex > 0);
  if (check.pending !== null && current) return { decision: requested(check.pending), consumePending: true };
  const remaining = bakeRemainingSeconds(check.bakeSeconds, check.bakeStartedAt, check.now);
  const consumePending = check.pending !== null;
  if (remaining <= 0 || check.checks >= MAX_BAKE_CHECKS) return { decision: { kind: 'judge', promotedBy: null }, consumePending };
  return { decision: { kind: 'bake', waitSeconds: Math.min(remaining, controlCheckSeconds(check.bakeSeconds)), remainingSeconds: remaining }, consumePending };
}
