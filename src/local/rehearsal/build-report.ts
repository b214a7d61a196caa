import { parseRoutingDocument, type RoutingDocument } from '@kraft-canary/client/contract';
import type { Plan } from '../../domain/plan.ts';
import type { StoredRouting } from '../../ports/index.ts';
import type { Accounting } from './accounting.ts';
import { judgeOutcome } from './outcome.ts';
import type { ExecutionRecord, ExpectedEnd, FaultRecord, GateRecord, MoverRecord, RehearsalReport, Sample } from './report.ts';
import { REPORT_SCHEMA } from './report.ts';
import { type RouteChange, type RoutingSwitch, rollbackPropagation, routingChangePropagation } from './rollback-propagation.ts';
import { type RoutingWrite, stageTimeline } from './stage-timeline.ts';

export interface ReportInput {
  readonly plan: Plan;
  readonly planSource: string;
  /** Instance names of the fleet. */
  readonly services: readonly string[];
  /** Instances per service. */
  readonly instances: number;
  readonly rate: number;
  readonly speed: number;
  readonly inject: string | null;
  readonly startedAt: number;
  readonly endedAt: number;
  readonly history: readonly StoredRouting[];
  /** The rollback marker's value (JSON `{at, by, reason, scenario}`), or null. */
  readonly marker: string | null;
  readonly execution: string;
  readonly executions: readonly ExecutionRecord[];
  readonly accounting: Accounting;
  readonly mover?: MoverRecord | null;
  readonly gates: readonly GateRecord[];
  readonly fault: FaultRecord | null;
  readonly routeChanges: readonly RouteChange[];
  /** Every routing watcher's switch to a new revision, and by which source. */
  readonly routingSwitches?: readonly RoutingSwitch[];
  readonly rebalances: number;
  readonly samples: readonly Sample[];
  /** Notes the run itself made (sends abandoned, a cluster stopped under connected consumers, ...). */
  readonly notes: readonly string[];
}

/** Valid documents of the routing history, oldest first (an invalid version is skipped, as clients skip it). */
export function routingDocuments(history: readonly StoredRouting[]): RoutingDocument[] {
  return history.flatMap((v) => {
    const parsed = parseRoutingDocument(v.text);
    return parsed.ok ? [parsed.value] : [];
  });
}

const writeOf = (doc: RoutingDocument): RoutingWrite => ({ at: Date.parse(doc.updatedAt), phase: doc.phase, greenPercent: doc.producers.greenPercent });

function markerOf(text: string | null): { by: string; reason: string } | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as { by?: unknown; reason?: unknown };
    return { by: String(value.by ?? 'unknown'), reason: String(value.reason ?? '') };
  } catch {
    return { by: 'unknown', reason: 'unreadable rollback marker' };
  }
}

/** The confirm-drain write after the rollback: green proven drained, consumers off it. */
function greenDropped(docs: readonly RoutingDocument[]): { at: number; by: string } | null {
  const dropped = docs.find((d) => d.phase === 'rolled-back' && !d.consumers.green);
  if (!dropped) return null;
  return { at: Date.parse(dropped.updatedAt), by: dropped.executionArn?.split(':').at(-1) ?? dropped.updatedBy };
}

function rollbackRecord(input: ReportInput, docs: readonly RoutingDocument[]): RehearsalReport['rollback'] {
  const first = docs.find((d) => d.phase === 'rolled-back');
  if (!first) return null;
  const at = Date.parse(first.updatedAt);
  const marker = markerOf(input.marker) ?? { by: first.updatedBy, reason: first.reason };
  return { at, ...marker, propagation: rollbackPropagation(at, input.services, input.routeChanges), greenDropped: greenDropped(docs) };
}

/** The whole report from what the run recorded: pure, so it is tested without Kafka. */
export function buildReport(input: ReportInput): RehearsalReport {
  const docs = routingDocuments(input.history);
  const expected: ExpectedEnd = input.inject === null ? 'complete' : 'rolled-back';
  const last = docs.at(-1);
  const judged = judgeOutcome({
    expected,
    reached: last?.phase ?? null,
    execution: input.execution,
    accounting: input.accounting,
    greenConsumed: last?.consumers.green ?? false,
    moverLost: input.mover?.accounting.total.lost ?? 0,
  });
  return {
    schema: REPORT_SCHEMA,
    migration: input.plan.migration,
    startedAt: new Date(input.startedAt).toISOString(),
    endedAt: new Date(input.endedAt).toISOString(),
    durationSeconds: Math.round((input.endedAt - input.startedAt) / 100) / 10,
    settings: {
      plan: input.planSource,
      services: Math.round(input.services.length / Math.max(1, input.instances)),
      instances: input.instances,
      rate: input.rate,
      speed: input.speed,
      stages: input.plan.stages.map((s) => s.greenPercent),
      inject: input.inject,
    },
    outcome: { ...judged, reasons: [...judged.reasons, ...input.notes] },
    executions: input.executions,
    accounting: input.accounting,
    stages: stageTimeline(docs.map(writeOf), input.endedAt),
    gates: input.gates,
    fault: input.fault,
    rollback: rollbackRecord(input, docs),
    routingChanges: routingChangePropagation(
      docs.map((d) => ({ revision: d.revision, at: Date.parse(d.updatedAt) })),
      input.routingSwitches ?? [],
    ),
    rebalances: input.rebalances,
    ...(input.mover ? { mover: input.mover } : {}),
    samples: input.samples,
  };
}
