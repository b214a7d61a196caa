import type { RoutingDocument } from '@kraft-canary/client/contract';
import { CONTROLLER_METRICS } from '../../domain/metric-names.ts';
import { type RollbackScenario, rollbackScenarioFor } from '../../domain/rollback-scenario.ts';
import type { Clock, CreateOnlyFlags, ExecutionControl, Logger, MetricsWriter, Notifier, RoutingStore } from '../../ports/index.ts';
import { lockName, releaseLock } from '../lock/rollout-lock.ts';
import { type FinishOutcome, finishRollback } from './finish-rollback.ts';
import { effectiveDocument, initialRolledBackDocument, type RoutingHistory, readHistory, rollbackHolds } from './rollback-document.ts';
import { createMarker, type RollbackMarker, readMarker, reassertRollback } from './rollback-marker.ts';
import { rollbackNotification } from './rollback-notification.ts';
import type { RollbackRequest } from './rollback-request.ts';
import { stopRollout } from './stop-rollout.ts';

export interface RollbackPorts {
  readonly routing: RoutingStore;
  readonly flags: CreateOnlyFlags;
  readonly executions: Pick<ExecutionControl, 'stopExecution' | 'describeExecution' | 'executionInput' | 'startExecution'>;
  readonly notifier: Notifier;
  readonly metrics: MetricsWriter;
  readonly namespace: string;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly prefix: string;
}

export type RollbackOutcome =
  | {
      readonly kind: 'rolled-back';
      readonly migration: string;
      readonly scenario: RollbackScenario;
      /** False when an earlier rollback had already done everything (a duplicate event). */
      readonly changed: boolean;
      /** Rolled-back documents written by this run, re-assertions included. */
      readonly writes: number;
      readonly revision: number;
      /** False only if racing writes outlasted every re-assertion (logged and notified). */
      readonly holds: boolean;
      readonly stoppedExecution: string | null;
      readonly lockReleased: boolean;
      /** Who drains green and drops it from the consumers now (docs/rollback.md, the finish execution). */
      readonly finish: FinishOutcome;
    }
  | { readonly kind: 'no-op'; readonly migration: string; readonly reason: 'no-rollout' | 'complete' };

/** Bound on re-assertions: each one answers a stage write that started before the marker existed. */
const MAX_REASSERTS = 5;

const isActive = (doc: RoutingDocument | null, lock: string | null, marker: RollbackMarker | null): boolean =>
  lock !== null || marker !== null || (doc !== null && (doc.phase === 'canary' || doc.phase === 'draining'));

/** Steps (2) and (3) of the protocol: write, re-read, re-assert until the rollback holds. */
async function writeUntilHolds(ports: RollbackPorts, request: RollbackRequest, marker: RollbackMarker, scenario: RollbackScenario) {
  let history: RoutingHistory = await readHistory(ports.routing, request.migration);
  let writes = 0;
  if (!rollbackHolds(history)) {
    const decision = { at: ports.clock.now(), actor: request.actor, reason: request.reason, scenario };
    await ports.routing.write(request.migration, initialRolledBackDocument(history, request.migration, decision));
    writes += 1;
    history = await readHistory(ports.routing, request.migration);
  }
  while (!rollbackHolds(history) && writes <= MAX_REASSERTS) {
    ports.logger.warn('a stage write raced the rollback: re-asserting', { migration: request.migration, revision: history.highestRevision });
    await reassertRollback(ports, request.migration, marker);
    writes += 1;
    history = await readHistory(ports.routing, request.migration);
  }
  return { writes, revision: history.highestRevision, holds: rollbackHolds(history), after: effectiveDocument(history) };
}

async function emitGreenPercent(ports: RollbackPorts, migration: string): Promise<void> {
  try {
    await ports.metrics.put(ports.namespace, [{ name: CONTROLLER_METRICS.greenPercent, value: 0, unit: 'Percent', dimensions: { Migration: migration } }]);
  } catch (error) {
    ports.logger.warn('CanaryGreenPercent not emitted', { migration, error: error instanceof Error ? error.name : 'unknown' });
  }
}

/**
 * Rolls a migration back under the rollback protocol (invariant 2): marker, rolled-back
 * document above every revision, re-read and re-assert over racing stage writes, stop the
 * running rollout, release the lock, start the finish-rollback execution that drains green,
 * notify. Every step is idempotent, so a duplicate alarm event re-checks everything and
 * changes nothing.
 */
export const rollback =
  (ports: RollbackPorts) =>
  async (request: RollbackRequest): Promise<RollbackOutcome> => {
    const { migration } = request;
    const lock = await ports.flags.get(lockName(ports.prefix, migration));
    const existing = await readMarker(ports.flags, ports.prefix, migration);
    const current = effectiveDocument(await readHistory(ports.routing, migration));
    if (current?.phase === 'complete') return { kind: 'no-op', migration, reason: 'complete' };
    if (!isActive(current, lock, existing)) return { kind: 'no-op', migration, reason: 'no-rollout' };
    const scenario = request.scenario ?? existing?.scenario ?? rollbackScenarioFor(current, request.clusterInstability);
    const marker: RollbackMarker = { at: new Date(ports.clock.now()).toISOString(), by: request.actor, reason: request.reason, scenario };
    const created = await createMarker(ports.flags, ports.prefix, migration, marker);
    const written = await writeUntilHolds(ports, request, created ? marker : (existing ?? marker), scenario);
    const stop = await stopRollout(ports, request, lock ?? current?.executionArn ?? null);
    const stopped = stop.kind === 'stopped' ? stop.executionArn : null;
    // A finish-rollback execution keeps its lock: it is draining green right now.
    const released = lock === null || stop.kind === 'finishing' ? false : (await releaseLock(ports.flags, ports.prefix, migration, lock)).released;
    // After the release: the finish execution's preflight takes the lock.
    const finish = await finishRollback(ports, { migration, actor: request.actor, source: request.source, stop, after: written.after });
    const changed = created || written.writes > 0;
    if (changed || finish.kind === 'started') {
      await emitGreenPercent(ports, migration);
      await ports.notifier.notify(
        rollbackNotification({ request, scenario, before: current, revision: written.revision, stopped, holds: written.holds, finish }),
      );
    }
    const level = written.holds ? 'info' : 'error';
    ports.logger[level](written.holds ? (changed ? 'rolled back' : 'rollback already in place') : 'rollback written but racing writes outlasted it', {
      migration,
      scenario,
      source: request.source,
      writes: written.writes,
      revision: written.revision,
      stopped,
      lockReleased: released,
      finish: finish.kind,
    });
    const { writes, revision, holds } = written;
    return { kind: 'rolled-back', migration, scenario, changed, writes, revision, holds, stoppedExecution: stopped, lockReleased: released, finish };
  };
