import { z } from 'zod';
import { nextAllowedInstant } from '../domain/change-window.ts';
import { type Plan, validatePlan } from '../domain/plan.ts';
import { applyTransition } from '../domain/transitions.ts';
import type { ClusterRegistry, ExecutionControl, Logger, Notification } from '../ports.ts';
import { type CheckOutcome, type CheckRow, row } from '../readiness/check-row.ts';
import { checkMigrationAlarm, type MigrationAlarmPorts } from './alarm-check.ts';
import { type GuardedWritePorts, guardedWrite } from './guarded-write.ts';
import { checkClusters, checkKafka, type ClusterRecord, type KafkaAdmins, type LagBaseline } from './preflight-checks.ts';
import { resumePoint } from './resume-point.ts';
import { markerName, readMarker } from './rollback-marker.ts';
import { acquireLock, type LockOutcome, type TakenOverLock } from './rollout-lock.ts';
import { readRouting } from './routing-read.ts';
import { type StageView, stageViews } from './routing-view.ts';
import { ExecutionArnSchema, parseStepInput } from './step-input.ts';

export interface PreflightPorts extends GuardedWritePorts {
  readonly clusters: Pick<ClusterRegistry, 'describe'>;
  readonly kafka: KafkaAdmins;
  readonly logger: Logger;
  /** Further readiness checks (src/readiness/); a failing row refuses the rollout. */
  readonly extraChecks?: readonly ((plan: Plan) => Promise<CheckOutcome>)[];
  /** The migration's composite alarm: no start while it is in ALARM (unchecked when absent). */
  readonly alarms?: MigrationAlarmPorts;
  /** Tells whether a lock's holder still runs; without it a held lock always refuses. */
  readonly executions?: Pick<ExecutionControl, 'describeExecution'>;
}

export const PreflightInputSchema = z.object({
  request: z.looseObject({
    plan: z.unknown(),
    requestedBy: z.string().min(1).max(256).default('unknown'),
    acknowledgeRollback: z.boolean().default(false),
  }),
  executionArn: ExecutionArnSchema,
});

export type PreflightInput = z.input<typeof PreflightInputSchema>;

export interface PreflightReady {
  kind: 'ready';
  migration: string;
  executionArn: string;
  requestedBy: string;
  plan: Plan;
  stages: StageView[];
  stageCount: number;
  /** First stage index to run; `stageCount` means straight to the drain (resumed after the cutover). */
  startAtStage: number;
  /** The first stage re-asserts the route an interrupted rollout left (action `resume`). */
  resume: boolean;
  windowOpensAt: string;
  blue: ClusterRecord;
  green: ClusterRecord;
  approvalRoute: { channel: string | null; approvers: Plan['approvers']; timeoutSeconds: number; onTimeout: Plan['onApprovalTimeout'] };
  drain: { pollEverySeconds: number; timeoutSeconds: number; stableForSeconds: number };
  decommission: Plan['decommission'];
  baseline: LagBaseline | null;
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

/** Output stays well inside the 256 KB Step Functions state limit. */
const MAX_ROWS = 100;

function refused(migration: string | null, code: string, message: string, checks: CheckRow[] = []): PreflightRefused {
  const shown = checks.filter((c) => c.status !== 'ok').slice(0, MAX_ROWS);
  const text = `${migration ?? 'rollout'}: preflight refused (${code}): ${message}`;
  return { kind: 'refused', code, message, migration, checks: shown, notification: { migration: migration ?? 'unknown', kind: 'hold', text } };
}

function planIssues(raw: unknown, plan: Plan | null): CheckRow[] {
  if (plan === null) {
    const result = validatePlan(raw);
    return result.ok ? [] : result.error.issues.map((i) => row(`plan/${i.path}`, 'fail', i.message));
  }
  const hasApprovers = plan.approvers.users.length > 0 || plan.approvers.userGroup !== undefined;
  if (plan.decommission === 'delete' && (plan.slack === undefined || !hasApprovers)) {
    return [row('plan/decommission', 'fail', 'decommission: delete needs slack.channel and approvers: a person approves the deletion')];
  }
  return [];
}

const migrationOf = (raw: unknown): string | null => {
  const m = typeof raw === 'object' && raw !== null ? (raw as { migration?: unknown }).migration : undefined;
  return typeof m === 'string' ? m : null;
};

async function runChecks(ports: PreflightPorts, plan: Plan, first: CheckRow[]): Promise<{ rows: CheckRow[]; blue: ClusterRecord | null; green: ClusterRecord | null; baseline: LagBaseline | null }> {
  const clusters = await checkClusters(ports.clusters, plan);
  const kafka = await checkKafka(ports.kafka, plan, () => ports.clock.now());
  const rows = [...first, ...clusters.rows, ...kafka.rows];
  for (const check of ports.extraChecks ?? []) rows.push(...(await check(plan)).rows);
  return { rows, blue: clusters.blue, green: clusters.green, baseline: kafka.baseline };
}

type Found = Awaited<ReturnType<typeof runChecks>> & { lockTakenOver: TakenOverLock | null };

function ready(plan: Plan, input: z.output<typeof PreflightInputSchema>, startAtStage: number, resume: boolean, found: Found, now: number): PreflightReady {
  return {
    kind: 'ready',
    migration: plan.migration,
    executionArn: input.executionArn,
    requestedBy: input.request.requestedBy,
    plan,
    stages: stageViews(plan),
    stageCount: plan.stages.length,
    startAtStage,
    resume,
    windowOpensAt: new Date(nextAllowedInstant(plan.window, now)).toISOString(),
    blue: found.blue!,
    green: found.green!,
    approvalRoute: { channel: plan.slack?.channel ?? null, approvers: plan.approvers, timeoutSeconds: plan.approvalTimeout, onTimeout: plan.onApprovalTimeout },
    drain: { pollEverySeconds: plan.drain.pollEvery, timeoutSeconds: plan.drain.timeout, stableForSeconds: plan.drain.stableFor },
    decommission: plan.decommission,
    baseline: found.baseline,
    lockTakenOver: found.lockTakenOver,
    checks: found.rows.slice(0, MAX_ROWS),
  };
}

function lockedMessage(migration: string, lock: Extract<LockOutcome, { held: false }>): string {
  if (lock.status === undefined || lock.status === 'RUNNING') return `another rollout of ${migration} is running: ${lock.holder}`;
  if (lock.status === 'PENDING_REDRIVE') return `another rollout of ${migration} is about to be redriven: ${lock.holder}`;
  return `another rollout of ${migration} is taking over the lock of ${lock.holder} (${lock.status})`;
}

/** The lock, taken over when its holder ended without releasing it (logged, and a row in the output). */
async function takeLock(ports: PreflightPorts, migration: string, executionArn: string): Promise<{ refusal: PreflightRefused } | { rows: CheckRow[]; tookOver: TakenOverLock | null }> {
  const lock = await acquireLock(ports.flags, ports.prefix, migration, executionArn, ports.executions);
  if (!lock.held) return { refusal: refused(migration, 'locked', lockedMessage(migration, lock)) };
  if (lock.tookOver === undefined) return { rows: [], tookOver: null };
  const { holder, status } = lock.tookOver;
  ports.logger.warn('stale rollout lock taken over', { migration, holder, status });
  return { rows: [row('lock', 'warn', `took over the lock of ${holder}: that execution is ${status} and never released it`)], tookOver: lock.tookOver };
}

/**
 * Validates the plan, takes the one-rollout-per-migration lock, refuses after an unacknowledged
 * rollback, checks both clusters, topic parity and blue's lag baseline, and decides where the
 * rollout starts: stage 0, or the stage an interrupted rollout reached. Refusals are values.
 */
export const preflight =
  (ports: PreflightPorts) =>
  async (raw: unknown): Promise<PreflightOutput> => {
    const input = parseStepInput(PreflightInputSchema, raw, 'Preflight');
    const { acknowledgeRollback } = input.request;
    const validated = validatePlan(input.request.plan);
    const plan = validated.ok ? validated.value : null;
    const issues = planIssues(input.request.plan, plan);
    if (plan === null || issues.length > 0) return refused(migrationOf(input.request.plan), 'invalid-plan', 'the plan is not valid', issues);
    const lock = await takeLock(ports, plan.migration, input.executionArn);
    if ('refusal' in lock) return lock.refusal;
    const marker = await readMarker(ports.flags, ports.prefix, plan.migration);
    if (marker !== null && !acknowledgeRollback) {
      return refused(plan.migration, 'rolled-back', `rolled back at ${marker.at} by ${marker.by} (${marker.reason}); start again with acknowledgeRollback: true`, lock.rows);
    }
    const current = await readRouting(ports.routing, plan.migration);
    const point = resumePoint(plan, current.doc, acknowledgeRollback);
    if (point.kind === 'refused') return refused(plan.migration, point.code, point.message, lock.rows);
    if (point.kind === 'resume' && marker !== null) {
      // A marker with a forward route means a stage write raced the rollback: settle that first.
      return refused(plan.migration, 'rolled-back', `a rollback marker exists but the route is ${current.doc?.phase}: roll back again before starting`, lock.rows);
    }
    const alarm = ports.alarms ? await checkMigrationAlarm(ports.alarms, plan.migration) : null;
    const first = [...lock.rows, ...(alarm ? [alarm.row] : [])];
    if (alarm?.refusal) return refused(plan.migration, alarm.refusal.code, alarm.refusal.message, first);
    const found = await runChecks(ports, plan, first);
    if (found.rows.some((r) => r.status === 'fail') || found.blue === null || found.green === null) {
      return refused(plan.migration, 'not-ready', 'readiness checks failed', found.rows);
    }
    const now = ports.clock.now();
    if (marker !== null) await ports.flags.remove(markerName(ports.prefix, plan.migration));
    if (point.kind === 'fresh' && point.writeStart) {
      const reason = marker === null ? 'rollout started' : `rollout started again after the rollback of ${marker.at}`;
      const doc = applyTransition({ plan, current: current.doc, at: now, actor: input.request.requestedBy, reason, executionArn: input.executionArn }, { kind: 'start' });
      if (!doc.ok) return refused(plan.migration, doc.error.code, doc.error.message);
      const written = await guardedWrite(ports, plan.migration, current.version, doc.value);
      if (written.kind === 'rolled-back') return refused(plan.migration, 'rolled-back', `a rollback by ${written.marker.by} raced the start`);
    }
    ports.logger.info('preflight passed', { migration: plan.migration, resume: point.kind === 'resume' });
    const startAt = point.kind === 'resume' ? point.startAtStage : 0;
    return ready(plan, input, startAt, point.kind === 'resume', { ...found, lockTakenOver: lock.tookOver }, now);
  };
