import { bakeIssues } from '../../domain/bake-periods.ts';
import { nextAllowedInstant } from '../../domain/change-window.ts';
import { decommissionQuietSeconds, type Plan, validatePlan } from '../../domain/plan.ts';
import { CHECK_DETAIL_MAX } from '../../domain/state-budget.ts';
import type { Notification } from '../../ports/index.ts';
import { type CheckRow, row } from '../../readiness/check-row.ts';
import { quietWaitMs } from '../decommission/blue-connections.ts';
import type { TakenOverLock } from '../lock/rollout-lock.ts';
import { type StageView, stageViews } from '../routing/stage-view.ts';
import type { Entry, FinishRollbackPoint } from './entry-point.ts';
import type { ClusterRecord, LagBaseline } from './preflight-checks.ts';

export interface PreflightReady {
  kind: 'ready';
  /** Where the state machine goes next: the stages, the green drain of a rollback, or the decommission. */
  entry: Entry;
  migration: string;
  executionArn: string;
  requestedBy: string;
  /** Whether the plan has a change window (the plan itself travels once, as the execution input's `plan`). */
  changeWindow: boolean;
  stages: StageView[];
  stageCount: number;
  /** First stage index to run; `stageCount` means straight to the drain (resumed after the cutover, or the decommission entry). */
  startAtStage: number;
  /** The first stage re-asserts the route an interrupted rollout left (action `resume`). */
  resume: boolean;
  windowOpensAt: string;
  /** As MSK describes them; null for `finish-rollback`, which reads no cluster description. */
  blue: ClusterRecord | null;
  green: ClusterRecord | null;
  approvalRoute: { channel: string | null; approvers: Plan['approvers']; timeoutSeconds: number; onTimeout: Plan['onApprovalTimeout'] };
  drain: { pollEverySeconds: number; timeoutSeconds: number; stableForSeconds: number };
  decommission: Plan['decommission'];
  /** Seconds between the `complete` write and the decommission (approval or dry run): blue's quiet period, judgeable. */
  decommissionWaitSeconds: number;
  baseline: LagBaseline | null;
  /** For `finish-rollback`: whether green is still consumed, and the rolled-back document's reason. */
  finishRollback: FinishRollbackPoint | null;
  /** The lock of an execution that had ended without releasing it, taken over by this one. */
  lockTakenOver: TakenOverLock | null;
  checks: CheckRow[];
}

export interface PreflightRefused {
  kind: 'refused';
  code: string;
  message: string;
  migration: string | null;
  checks: CheckRow[];
  notification: Notification;
}

export type PreflightOutput = PreflightReady | PreflightRefused;

/** Output stays well inside the 256 KiB (262,144 bytes) Step Functions state limit (src/domain/state-budget.ts). */
const MAX_ROWS = 100;

const clipped = (rows: readonly CheckRow[]): CheckRow[] =>
  rows.slice(0, MAX_ROWS).map((r) => (r.details.length > CHECK_DETAIL_MAX ? { ...r, details: `${r.details.slice(0, CHECK_DETAIL_MAX - 1)}…` } : r));

export function refused(migration: string | null, code: string, message: string, checks: CheckRow[] = []): PreflightRefused {
  const shown = clipped(checks.filter((c) => c.status !== 'ok'));
  const text = `${migration ?? 'rollout'}: preflight refused (${code}): ${message}`;
  return { kind: 'refused', code, message, migration, checks: shown, notification: { migration: migration ?? 'unknown', kind: 'hold', text } };
}

/** What keeps a valid plan from running here: a deletion nobody approves, bakes too short to gate. */
export function planIssues(raw: unknown, plan: Plan | null, metricPeriodSeconds: number): CheckRow[] {
  if (plan === null) {
    const result = validatePlan(raw);
    return result.ok ? [] : result.error.issues.map((i) => row(`plan/${i.path}`, 'fail', i.message));
  }
  const hasApprovers = plan.approvers.users.length > 0 || plan.approvers.userGroup !== undefined;
  if (plan.decommission === 'delete' && (plan.slack === undefined || !hasApprovers)) {
    return [row('plan/decommission', 'fail', 'decommission: delete needs slack.channel and approvers: a person approves the deletion')];
  }
  return bakeIssues(plan.stages, metricPeriodSeconds).map((i) => row(`plan/${i.path}`, 'fail', i.message));
}

export const migrationOf = (raw: unknown): string | null => {
  const m = typeof raw === 'object' && raw !== null ? (raw as { migration?: unknown }).migration : undefined;
  return typeof m === 'string' ? m : null;
};

/** Everything `ready` needs besides the plan. */
export interface ReadyFacts {
  readonly entry: Entry;
  readonly executionArn: string;
  readonly requestedBy: string;
  readonly startAtStage: number;
  readonly resume: boolean;
  readonly now: number;
  readonly rows: CheckRow[];
  readonly blue: ClusterRecord | null;
  readonly green: ClusterRecord | null;
  readonly baseline: LagBaseline | null;
  readonly lockTakenOver: TakenOverLock | null;
  readonly finishRollback: FinishRollbackPoint | null;
}

export function ready(plan: Plan, facts: ReadyFacts): PreflightReady {
  return {
    kind: 'ready',
    entry: facts.entry,
    migration: plan.migration,
    executionArn: facts.executionArn,
    requestedBy: facts.requestedBy,
    changeWindow: plan.window !== undefined,
    stages: stageViews(plan),
    stageCount: plan.stages.length,
    startAtStage: facts.startAtStage,
    resume: facts.resume,
    windowOpensAt: new Date(nextAllowedInstant(plan.window, facts.now)).toISOString(),
    blue: facts.blue,
    green: facts.green,
    approvalRoute: { channel: plan.slack?.channel ?? null, approvers: plan.approvers, timeoutSeconds: plan.approvalTimeout, onTimeout: plan.onApprovalTimeout },
    drain: { pollEverySeconds: plan.drain.pollEvery, timeoutSeconds: plan.drain.timeout, stableForSeconds: plan.drain.stableFor },
    decommission: plan.decommission,
    decommissionWaitSeconds: Math.ceil(quietWaitMs(decommissionQuietSeconds(plan)) / 1000),
    baseline: facts.baseline,
    finishRollback: facts.finishRollback,
    lockTakenOver: facts.lockTakenOver,
    checks: clipped(facts.rows),
  };
}
