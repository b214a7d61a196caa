import { parseRoutingDocument, ROUTING_REVISION_METRIC, type RoutingDocument } from '@kraft-canary/client/contract';
import type { ControlRequest, PauseRecord } from '../../domain/controls.ts';
import { FLEET_WINDOW_MINUTES, type FleetRevision, fleetRevision } from '../../domain/fleet-revision.ts';
import { validatePlan } from '../../domain/plan.ts';
import { currentStageIndex } from '../../domain/transitions.ts';
import type { Clock, CreateOnlyFlags, ExecutionDescription, ExecutionInspector, ExecutionStateEvent, MetricsReader, RoutingStore } from '../../ports/index.ts';
import { safeReason } from '../../readiness/check-row.ts';
import { readControlRequest, readPause } from '../controls/control-records.ts';
import { lockName } from '../lock/rollout-lock.ts';
import { type RollbackMarker, readMarker } from '../rollback/rollback-marker.ts';

export interface MigrationStatusPorts {
  readonly routing: Pick<RoutingStore, 'read'>;
  /** Only read (`get`): the lock and the rollback marker. */
  readonly flags: CreateOnlyFlags;
  readonly executions: ExecutionInspector;
  /** The clients' RoutingRevision metric (CloudWatch GetMetricData). */
  readonly metrics: MetricsReader;
  /** The clients' metric namespace (METRICS_NAMESPACE, default KraftCanary). */
  readonly namespace: string;
  readonly clock: Clock;
  readonly prefix: string;
}

export interface ExecutionStatusView {
  readonly executionArn: string;
  /** Where the ARN came from: the lock (a rollout holds it) or the routing document (the last writer). */
  readonly source: 'lock' | 'routing-document';
  /** null with `problem` set when Step Functions could not be asked; 'NOT_FOUND' when it knows no such execution. */
  readonly status: string | null;
  readonly startedAt: number | null;
  readonly stoppedAt: number | null;
  readonly error: string | null;
  /** The newest state the history shows entered. */
  readonly state: { readonly name: string; readonly enteredAt: number } | null;
  readonly problem: string | null;
}

export interface StageView {
  /** 0-based; -1 before the first stage. */
  readonly index: number;
  readonly count: number;
  readonly greenPercent: number;
  /** The stage's bake in the plan (seconds); null before the first stage. */
  readonly bakeSeconds: number | null;
}

export interface GateView {
  readonly verdict: 'pass' | 'fail' | 'inconclusive';
  readonly stageIndex: number | null;
  readonly summary: string | null;
  readonly reasons: readonly string[];
  /** The relative analysis' one line (green against blue, with its numbers); null when none ran. */
  readonly analysis: string | null;
  readonly at: number;
}

export interface MigrationStatus {
  readonly migration: string;
  readonly routing: (RoutingDocument & { readonly parameterVersion: number }) | null;
  /** Set when the routing parameter exists but is not a valid document. */
  readonly routingProblem: string | null;
  readonly rollbackMarker: RollbackMarker | null;
  readonly lockHolder: string | null;
  readonly execution: ExecutionStatusView | null;
  /** From the plan in the execution's input; null when no plan is at hand. */
  readonly stage: StageView | null;
  /** The last EvaluateGates output in the recent history; null when none is there. */
  readonly lastGate: GateView | null;
  /** An operator's pause (held until resumed), or null. */
  readonly paused: PauseRecord | null;
  /** A promote or step back waiting for the next control check, or null. */
  readonly pendingControl: ControlRequest | null;
  /**
   * The lowest and highest routing revision the clients applied in their newest minutes of
   * RoutingRevision metrics, and whether all have the document's; or no data, or unreadable.
   */
  readonly fleetRevision: FleetRevision;
}

/** Enough history for a stage's loop (bake, gates, approval) and some drain polls. */
const HISTORY_EVENTS = 500;

const VERDICTS: readonly string[] = ['pass', 'fail', 'inconclusive'];

const parseJson = (text: string | null): unknown => {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {});

/** The state machine puts the gate result at `$.gate` (ResultPath) of EvaluateGates' output. */
export function gateOf(event: ExecutionStateEvent): GateView | null {
  const gate = record(record(parseJson(event.output)).gate);
  if (typeof gate.verdict !== 'string' || !VERDICTS.includes(gate.verdict)) return null;
  return {
    verdict: gate.verdict as GateView['verdict'],
    stageIndex: typeof gate.stageIndex === 'number' ? gate.stageIndex : null,
    summary: typeof gate.summary === 'string' ? gate.summary : null,
    reasons: Array.isArray(gate.reasons) ? gate.reasons.filter((r): r is string => typeof r === 'string') : [],
    analysis: typeof record(gate.analysis).summary === 'string' ? (record(gate.analysis).summary as string) : null,
    at: event.at,
  };
}

function stageOf(execution: ExecutionDescription | null, doc: RoutingDocument | null): StageView | null {
  const plan = validatePlan(record(parseJson(execution?.input ?? null)).plan);
  if (!plan.ok || doc === null) return null;
  const index = currentStageIndex(plan.value, doc);
  const bakeSeconds = plan.value.stages[index]?.bake ?? null;
  return { index, count: plan.value.stages.length, greenPercent: doc.producers.greenPercent, bakeSeconds };
}

async function inspect(ports: MigrationStatusPorts, arn: string, source: ExecutionStatusView['source'], doc: RoutingDocument | null) {
  const none = { status: null, startedAt: null, stoppedAt: null, error: null, state: null };
  try {
    const found = await ports.executions.describe(arn);
    if (found === null) return { view: { executionArn: arn, source, ...none, status: 'NOT_FOUND', problem: null }, stage: null, lastGate: null };
    const events = await ports.executions.recentStates(arn, HISTORY_EVENTS);
    const entered = events.find((e) => e.kind === 'entered');
    const gateExit = events.find((e) => e.kind === 'exited' && e.state === 'EvaluateGates');
    const view: ExecutionStatusView = {
      executionArn: found.executionArn,
      source,
      status: found.status,
      startedAt: found.startedAt,
      stoppedAt: found.stoppedAt,
      error: found.error,
      state: entered === undefined ? null : { name: entered.state, enteredAt: entered.at },
      problem: null,
    };
    return { view, stage: stageOf(found, doc), lastGate: gateExit === undefined ? null : gateOf(gateExit) };
  } catch (error) {
    return { view: { executionArn: arn, source, ...none, problem: safeReason(error) }, stage: null, lastGate: null };
  }
}

/** The fleet's applied revision over the last minutes; a CloudWatch failure is reported, not thrown. */
async function readFleet(ports: MigrationStatusPorts, migration: string, current: number | null): Promise<FleetRevision> {
  const now = ports.clock.now();
  const query = (id: string, stat: 'Minimum' | 'Maximum') => ({
    id,
    namespace: ports.namespace,
    metricName: ROUTING_REVISION_METRIC.name,
    dimensions: { Migration: migration },
    stat,
    periodSeconds: 60,
  });
  try {
    const points = await ports.metrics.read([query('lowest', 'Minimum'), query('highest', 'Maximum')], now - FLEET_WINDOW_MINUTES * 60_000, now);
    return fleetRevision(points.lowest ?? [], points.highest ?? [], current);
  } catch (error) {
    return { kind: 'unknown', problem: safeReason(error), windowMinutes: FLEET_WINDOW_MINUTES };
  }
}

/**
 * Where a migration is: its routing document, rollback marker and lock in SSM, and the
 * execution that holds the lock (or last wrote the document) as Step Functions tells it, and
 * the clients' applied revision from CloudWatch. Reads only. SSM failures throw; a Step
 * Functions or CloudWatch failure is reported in `execution.problem` or `fleetRevision`.
 */
export const migrationStatus =
  (ports: MigrationStatusPorts) =>
  async (migration: string): Promise<MigrationStatus> => {
    const stored = await ports.routing.read(migration);
    const parsed = stored === null ? null : parseRoutingDocument(stored.text);
    const doc = parsed?.ok ? parsed.value : null;
    const rollbackMarker = await readMarker(ports.flags, ports.prefix, migration);
    const lockHolder = await ports.flags.get(lockName(ports.prefix, migration));
    const paused = await readPause(ports.flags, ports.prefix, migration);
    const pendingControl = await readControlRequest(ports.flags, ports.prefix, migration);
    const arn = lockHolder ?? doc?.executionArn ?? null;
    const found = arn === null ? null : await inspect(ports, arn, lockHolder === null ? 'routing-document' : 'lock', doc);
    const fleet = await readFleet(ports, migration, doc?.revision ?? null);
    return {
      migration,
      routing: doc === null || stored === null ? null : { ...doc, parameterVersion: stored.version },
      routingProblem: parsed !== null && !parsed.ok ? `version ${stored?.version} is not a valid routing document (${parsed.error.code})` : null,
      rollbackMarker,
      lockHolder,
      execution: found?.view ?? null,
      stage: found?.stage ?? null,
      lastGate: found?.lastGate ?? null,
      paused,
      pendingControl,
      fleetRevision: fleet,
    };
  };
