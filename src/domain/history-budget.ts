import type { FieldIssue } from '@kraft-canary/client/contract';
import { MAX_BAKE_CHECKS } from './control-decision.ts';

/** What the budget reads of a plan (durations in seconds, as validated). */
export interface DrainedPlan {
  readonly stages: readonly unknown[];
  readonly drain: { readonly timeout: number; readonly pollEvery: number };
  readonly movers?: readonly unknown[] | undefined;
}

/**
 * Step Functions keeps at most 25,000 events in one execution's history (Step Functions
 * service quotas, Standard workflows: "If the execution history reaches this quota, the
 * execution will fail"); no Catch sees that failure. A rollout's history grows by a fixed part,
 * a part per stage and, above all, a part per drain poll (a drain that takes `drain.timeout` at
 * one poll every `drain.pollEvery`). Plan validation refuses a plan whose longest run could pass
 * HISTORY_BUDGET_EVENTS, which leaves the rest for retried steps and change-window waits.
 *
 * Events per state as Step Functions records them: a Lambda Task (direct) 5 (entered,
 * scheduled, started, succeeded, exited), a `.waitForTaskToken` Task 6 (entered, scheduled,
 * started, submitted, succeeded, exited), any other state 2 (entered, exited).
 * test/integration/statemachines/rollout-limits.test.ts checks these counts against the
 * definition and against real runs.
 */
export const HISTORY_MAX_EVENTS = 25_000;
export const HISTORY_BUDGET_EVENTS = 20_000;

export const EVENTS_PER_STATE = { lambdaTask: 5, callbackTask: 6, other: 2 } as const;

/** One drain poll: the ConfirmDrain Task, the drained? Choice, the Wait before the next poll. */
export const EVENTS_PER_DRAIN_POLL = EVENTS_PER_STATE.lambdaTask + 2 * EVENTS_PER_STATE.other;

/**
 * One control check of a bake: the CheckControls Task, the ControlDecision Choice and the
 * BakeStage Wait before the next check (src/domain/control-decision.ts bounds their number).
 * The check before each next stage (CheckBeforeStage, PausedBeforeStage) and StartBake cost
 * the same once per stage.
 */
export const EVENTS_PER_BAKE_CHECK = EVENTS_PER_STATE.lambdaTask + 2 * EVENTS_PER_STATE.other;

/**
 * One stage at most: SetStageRouting twice around one change-window wait, NotifyStageRouting,
 * EvaluateGates (3 Lambda Tasks + 1 more), RequestStageApproval, the Choice, Pass and Wait
 * states between them (StageRoutingApplied twice, WaitForStageWindow, GateVerdict,
 * StageNeedsApproval, NextStageAfterApproval, StageLoop, and one spare), and the bake's control
 * checks. Operator controls add to a run (a pause holds in one callback Task; a step back bakes
 * a stage again): the budget's margin below the hard quota is theirs and the retries'.
 */
export const EVENTS_PER_STAGE =
  4 * EVENTS_PER_STATE.lambdaTask + EVENTS_PER_STATE.callbackTask + 8 * EVENTS_PER_STATE.other + (MAX_BAKE_CHECKS + 2) * EVENTS_PER_BAKE_CHECK;

/**
 * Everything else on the longest path, rounded up: preflight and the entry choices, the
 * pause check once blue is drained (CheckBeforeFinish, PausedBeforeFinish), the completion, the decommission approval and deletion, or a rollback and its green drain's
 * last write, then the outcome's notice, ReleaseLock and the end.
 */
export const EVENTS_OUTSIDE_STAGES_AND_POLLS = 120;

/**
 * The move of a plan's movers: MoversToMove, RequestMoves and NotifyMoves once, then a loop of
 * ConfirmMoves, MovesDone and WaitForMoves (as many events per poll as a drain poll) that runs
 * at most drain.timeout.
 */
export const EVENTS_TO_REQUEST_MOVES = EVENTS_PER_STATE.other + 2 * EVENTS_PER_STATE.lambdaTask;

/** Polls of one drain that runs to its timeout (the first poll is immediate). */
export const drainPolls = (plan: DrainedPlan): number => Math.ceil(plan.drain.timeout / plan.drain.pollEvery) + 1;

/** Loops polled every drain.pollEvery for at most drain.timeout: the drain, and the move when the plan has movers. */
const pollLoops = (plan: DrainedPlan): number => ((plan.movers?.length ?? 0) > 0 ? 2 : 1);

const fixedEvents = (plan: DrainedPlan): number =>
  EVENTS_OUTSIDE_STAGES_AND_POLLS + plan.stages.length * EVENTS_PER_STAGE + (pollLoops(plan) > 1 ? EVENTS_TO_REQUEST_MOVES : 0);

/**
 * The most history events one execution of the plan can record, retries aside. One drain at
 * most runs to its timeout in a run (blue's after the cutover, or green's after a rollback),
 * followed by the wait for the movers after blue's.
 */
export const worstCaseHistoryEvents = (plan: DrainedPlan): number => fixedEvents(plan) + pollLoops(plan) * drainPolls(plan) * EVENTS_PER_DRAIN_POLL;

/** The slowest poll that keeps the plan's longest run within the budget. */
export function minimumPollEverySeconds(plan: DrainedPlan): number {
  const polls = Math.floor((HISTORY_BUDGET_EVENTS - fixedEvents(plan)) / (pollLoops(plan) * EVENTS_PER_DRAIN_POLL)) - 1;
  return Math.ceil(plan.drain.timeout / Math.max(polls, 1));
}

export function historyIssues(plan: DrainedPlan): FieldIssue[] {
  const events = worstCaseHistoryEvents(plan);
  if (events <= HISTORY_BUDGET_EVENTS) return [];
  return [
    {
      path: 'drain.pollEvery',
      message: `a drain${pollLoops(plan) > 1 ? ' and a move of the movers' : ''} of ${plan.drain.timeout}s polled every ${plan.drain.pollEvery}s can record ${events} history events; an execution keeps ${HISTORY_MAX_EVENTS} (${HISTORY_BUDGET_EVENTS} for the plan): poll every ${minimumPollEverySeconds(plan)}s or more, or shorten drain.timeout`,
    },
  ];
}
