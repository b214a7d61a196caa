import type { Plan } from '../../domain/plan.ts';
import type { CheckRow } from '../../readiness/check-row.ts';
import type { TakenOverLock } from '../lock/rollout-lock.ts';
import { readMarker } from '../rollback/rollback-marker.ts';
import { readRouting } from '../routing/current-routing.ts';
import { checkMigrationAlarm } from './alarm-check.ts';
import { type Entry, entryPoint } from './entry-point.ts';
import { checkClusters } from './preflight-checks.ts';
import type { PreflightRequest } from './preflight-input.ts';
import { type PreflightOutput, ready, refused } from './preflight-output.ts';
import type { PreflightPorts } from './preflight-ports.ts';

/** The lock this execution holds: rows to show, and the stale holder it replaced, if any. */
export interface HeldLock {
  readonly rows: CheckRow[];
  readonly tookOver: TakenOverLock | null;
}

/**
 * The `finish-rollback` and `decommission` entries, after the plan and the lock. Finishing a
 * rollback needs no acknowledgement and ignores the composite alarm (the alarm is why it was
 * rolled back) and the clusters' readiness: it only drains green and drops it from the
 * consumers. The decommission keeps the rollout's alarm check, refuses while a rollback marker
 * stands, and records blue as MSK describes it for the deletion's guards.
 */
export async function entryPreflight(
  ports: PreflightPorts,
  plan: Plan,
  input: PreflightRequest,
  entry: Exclude<Entry, 'rollout'>,
  lock: HeldLock,
): Promise<PreflightOutput> {
  const migration = plan.migration;
  const marker = await readMarker(ports.flags, ports.prefix, migration);
  if (entry === 'decommission' && marker !== null) {
    return refused(
      migration,
      'rolled-back',
      `a rollback marker exists (by ${marker.by} at ${marker.at}: ${marker.reason}); nothing is decommissioned while it stands`,
      lock.rows,
    );
  }
  const current = await readRouting(ports.routing, migration);
  const point = entryPoint(entry, current.doc);
  if (point.kind === 'refused') return refused(migration, point.code, point.message, lock.rows);
  const facts = {
    entry,
    executionArn: input.executionArn,
    requestedBy: input.request.requestedBy,
    // Past the last stage: no stage runs; the decommission entry goes through the drain of blue.
    startAtStage: plan.stages.length,
    resume: false,
    now: ports.clock.now(),
    baseline: null,
    lockTakenOver: lock.tookOver,
  };
  if (point.kind === 'finish-rollback') {
    ports.logger.info('preflight passed', { migration, entry, greenConsumed: point.finish.greenConsumed });
    return ready(plan, { ...facts, rows: lock.rows, blue: null, green: null, finishRollback: point.finish });
  }
  const alarm = ports.alarms ? await checkMigrationAlarm(ports.alarms, migration) : null;
  const first = [...lock.rows, ...(alarm ? [alarm.row] : [])];
  if (alarm?.refusal) return refused(migration, alarm.refusal.code, alarm.refusal.message, first);
  const clusters = await checkClusters(ports.clusters, plan);
  const rows = [...first, ...clusters.rows];
  if (rows.some((r) => r.status === 'fail') || clusters.blue === null || clusters.green === null)
    return refused(migration, 'not-ready', 'readiness checks failed', rows);
  ports.logger.info('preflight passed', { migration, entry });
  return ready(plan, { ...facts, rows, blue: clusters.blue, green: clusters.green, finishRollback: null });
}
