import { type Plan, validatePlan } from '../../domain/plan.ts';
import { applyTransition } from '../../domain/transitions.ts';
import { type CheckRow, row } from '../../readiness/check-row.ts';
import { CLOUDWATCH_TIMING } from '../gates/metric-timing.ts';
import { acquireLock, type LockOutcome } from '../lock/rollout-lock.ts';
import { markerName, readMarker } from '../rollback/rollback-marker.ts';
import { readRouting } from '../routing/current-routing.ts';
import { firstRoutingWrite } from '../routing/first-routing-write.ts';
import { guardedWrite } from '../routing/guarded-write.ts';
import { parseStepInput } from '../step-input.ts';
import { checkMigrationAlarm } from './alarm-check.ts';
import { type ClusterRecord, checkClusters, checkKafka, type LagBaseline } from './preflight-checks.ts';
import { entryPreflight, type HeldLock } from './preflight-entry.ts';
import { PreflightInputSchema, type PreflightRequest } from './preflight-input.ts';
import { migrationOf, type PreflightOutput, planIssues, ready, refused } from './preflight-output.ts';
import type { PreflightPorts } from './preflight-ports.ts';
import { resumePoint } from './resume-point.ts';

export type { PreflightOutput, PreflightReady, PreflightRefused } from './preflight-output.ts';

async function runChecks(
  ports: PreflightPorts,
  plan: Plan,
  first: CheckRow[],
): Promise<{ rows: CheckRow[]; blue: ClusterRecord | null; green: ClusterRecord | null; baseline: LagBaseline | null }> {
  const clusters = await checkClusters(ports.clusters, plan);
  const kafka = await checkKafka(ports.kafka, plan, () => ports.clock.now());
  const rows = [...first, ...clusters.rows, ...kafka.rows];
  for (const check of ports.extraChecks ?? []) rows.push(...(await check(plan)).rows);
  return { rows, blue: clusters.blue, green: clusters.green, baseline: kafka.baseline };
}

function lockedMessage(migration: string, lock: Extract<LockOutcome, { held: false }>): string {
  if (lock.status === undefined || lock.status === 'RUNNING') return `another rollout of ${migration} is running: ${lock.holder}`;
  if (lock.status === 'PENDING_REDRIVE') return `another rollout of ${migration} is about to be redriven: ${lock.holder}`;
  return `another rollout of ${migration} is taking over the lock of ${lock.holder} (${lock.status})`;
}

/** The lock, taken over when its holder ended without releasing it (logged, and a row in the output). */
async function takeLock(ports: PreflightPorts, migration: string, executionArn: string): Promise<{ refusal: PreflightOutput } | HeldLock> {
  const lock = await acquireLock(ports.flags, ports.prefix, migration, executionArn, ports.executions);
  if (!lock.held) return { refusal: refused(migration, 'locked', lockedMessage(migration, lock)) };
  if (lock.tookOver === undefined) return { rows: [], tookOver: null };
  const { holder, status } = lock.tookOver;
  ports.logger.warn('stale rollout lock taken over', { migration, holder, status });
  return { rows: [row('lock', 'warn', `took over the lock of ${holder}: that execution is ${status} and never released it`)], tookOver: lock.tookOver };
}

/**
 * The `rollout` entry: refuses after an unacknowledged rollback, checks both clusters, topic
 * parity and blue's lag baseline, and decides where the rollout starts: stage 0, or the stage
 * an interrupted rollout reached.
 */
async function rolloutPreflight(ports: PreflightPorts, plan: Plan, input: PreflightRequest, lock: HeldLock): Promise<PreflightOutput> {
  const { acknowledgeRollback } = input.request;
  const marker = await readMarker(ports.flags, ports.prefix, plan.migration);
  if (marker !== null && !acknowledgeRollback) {
    return refused(
      plan.migration,
      'rolled-back',
      `rolled back at ${marker.at} by ${marker.by} (${marker.reason}); start again with acknowledgeRollback: true`,
      lock.rows,
    );
  }
  const current = await readRouting(ports.routing, plan.migration);
  const point = resumePoint(plan, current.doc, acknowledgeRollback);
  if (point.kind === 'refused') return refused(plan.migration, point.code, point.message, lock.rows);
  if (point.kind === 'resume' && marker !== null) {
    // A marker with a forward route means a stage write raced the rollback: settle that first.
    return refused(
      plan.migration,
      'rolled-back',
      `a rollback marker exists but the route is ${current.doc?.phase}: roll back again before starting`,
      lock.rows,
    );
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
    const doc = applyTransition(
      { plan, current: current.doc, at: now, actor: input.request.requestedBy, reason, executionArn: input.executionArn },
      { kind: 'start' },
    );
    if (!doc.ok) return refused(plan.migration, doc.error.code, doc.error.message, found.rows);
    // The first document is created, never overwritten: the stack does not own the parameter.
    const written =
      current.doc === null ? await firstRoutingWrite(ports, plan.migration, doc.value) : await guardedWrite(ports, plan.migration, current.version, doc.value);
    if (written.kind === 'rolled-back') return refused(plan.migration, 'rolled-back', `a rollback by ${written.marker.by} raced the start`, found.rows);
    if (written.kind === 'exists')
      return refused(plan.migration, 'routing-changed', 'the routing document was created while the preflight ran: start again to build on it', found.rows);
  }
  ports.logger.info('preflight passed', { migration: plan.migration, entry: 'rollout', resume: point.kind === 'resume' });
  const resume = point.kind === 'resume';
  const facts = { entry: 'rollout' as const, executionArn: input.executionArn, requestedBy: input.request.requestedBy, resume, now, finishRollback: null };
  return ready(plan, { ...facts, ...found, startAtStage: resume ? point.startAtStage : 0, lockTakenOver: lock.tookOver });
}

/**
 * Validates the plan and takes the one-rollout-per-migration lock, then runs the checks of the
 * execution's entry: `rollout` (the stages), `finish-rollback` (drain green after a rollback)
 * or `decommission` (blue, once complete). Refusals are values.
 */
export const preflight =
  (ports: PreflightPorts) =>
  async (raw: unknown): Promise<PreflightOutput> => {
    const input = parseStepInput(PreflightInputSchema, raw, 'Preflight');
    const validated = validatePlan(input.request.plan);
    const plan = validated.ok ? validated.value : null;
    const issues = planIssues(input.request.plan, plan, (ports.metricTiming ?? CLOUDWATCH_TIMING).periodMs / 1000);
    if (plan === null || issues.length > 0) return refused(migrationOf(input.request.plan), 'invalid-plan', 'the plan is not valid', issues);
    const lock = await takeLock(ports, plan.migration, input.executionArn);
    if ('refusal' in lock) return lock.refusal;
    if (input.request.entry === 'rollout') return rolloutPreflight(ports, plan, input, lock);
    return entryPreflight(ports, plan, input, input.request.entry, lock);
  };
