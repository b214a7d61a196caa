import { quietWaitMs } from '../../controller/decommission/blue-connections.ts';
import { markerName } from '../../controller/rollback/rollback-marker.ts';
import { clusterNames } from '../../domain/metric-names.ts';
import { localRolloutHandlers } from '../local-rollout-handlers.ts';
import { loadRolloutDefinition } from '../rollout-definition.ts';
import type { RolloutHandlers, StepHandler } from '../run-rollout.ts';
import { type RolloutResult, runRollout } from '../run-rollout.ts';
import { account } from './accounting.ts';
import { rehearsalMetricTiming } from './blue-quiet-approver.ts';
import type { ReportInput } from './build-report.ts';
import { REHEARSAL_TOPIC } from './default-plan.ts';
import { finishTraffic } from './finish-traffic.ts';
import type { Fleet } from './fleet.ts';
import { warmUp } from './fleet-warmup.ts';
import type { GreenOutage } from './green-outage.ts';
import { MessageLedger } from './message-ledger.ts';
import { type RehearsalEnvironment, SAMPLE_MS, startEnvironment } from './rehearsal-environment.ts';
import { RehearsalMonitor } from './rehearsal-monitor.ts';
import { rehearsalPlanInput, scaledTimes } from './rehearsal-plan.ts';
import { alarmWatch, createFleet, localPorts, outageFor, PREFIX, type RehearsalPorts, ROLLOUT_EXECUTION } from './rehearsal-wiring.ts';
import type { GateRecord } from './report.ts';
import type { RunSettings } from './run-settings.ts';

/** The facts one run recorded; the report is built from them. */
export type RunRecord = Omit<ReportInput, 'planSource' | 'inject' | 'rate' | 'speed' | 'plan'>;

interface Live {
  readonly env: RehearsalEnvironment;
  readonly ledger: MessageLedger;
  readonly fleet: Fleet;
  readonly ports: RehearsalPorts;
  readonly outage: GreenOutage | null;
  readonly monitor: RehearsalMonitor;
  readonly gates: GateRecord[];
  readonly notes: string[];
}

function assemble(s: RunSettings, env: RehearsalEnvironment): Live {
  const ledger = new MessageLedger();
  const notes: string[] = [];
  const fleet = createFleet(s, env, ledger);
  const ports = localPorts(s, env, fleet, notes);
  const outage = outageFor(s, env);
  const monitor = new RehearsalMonitor({
    migration: s.plan.migration,
    store: env.store,
    ledger,
    sampler: env.sampler,
    metrics: env.metrics,
    clusterNames: clusterNames(s.plan),
    topic: REHEARSAL_TOPIC,
    alarms: alarmWatch(s, env, ports),
    outage,
    progress: s.progress,
    clock: s.clock,
    timers: s.timers,
    tickMs: SAMPLE_MS,
  });
  return { env, ledger, fleet, ports, outage, monitor, gates: [], notes };
}

/** The gate results, as the EvaluateGates Task returned them to the state machine. */
function observingGates(s: RunSettings, live: Live, handlers: RolloutHandlers): RolloutHandlers {
  const evaluateGates: StepHandler = async (event) => {
    const result = await handlers.evaluateGates(event);
    recordGate(s, live, event, result);
    return result;
  };
  return { ...handlers, evaluateGates };
}

function recordGate(s: RunSettings, live: Live, event: unknown, result: unknown): void {
  const stageIndex = Number((event as { stageIndex?: unknown }).stageIndex ?? -1);
  const gate = result as { verdict: GateRecord['verdict']; reasons: string[] };
  const record = { at: s.clock.now(), greenPercent: s.plan.stages[stageIndex]?.greenPercent ?? 0, verdict: gate.verdict, reasons: gate.reasons };
  live.gates.push(record);
  live.monitor.lastGate = record;
  s.progress.event(record.at, `gate ${record.greenPercent}%: ${record.verdict}${record.reasons.length ? ` (${record.reasons.join('; ')})` : ''}`);
}

const executionStatus = (result: RolloutResult) => (result.status === 'FAILED' ? `FAILED (${result.error})` : result.status);

/**
 * Waits until nothing is left running: a rollback in flight may still start the
 * finish-rollback execution after the rollout it stopped has ended.
 */
async function quiesce(live: Live): Promise<void> {
  const { executions, rollbacksSettled } = live.ports;
  for (let busy = true; busy; ) {
    const rollbacks = await rollbacksSettled();
    busy = (await executions.settled()) || rollbacks;
  }
}

async function drive(s: RunSettings, live: Live): Promise<RolloutResult> {
  await live.fleet.start();
  live.monitor.start();
  s.progress.event(s.clock.now(), `fleet: ${s.services} services producing ${s.rate} msg/s each; waiting for their consumers to keep up`);
  // Half a second of the fleet's traffic in flight still counts as keeping up.
  const settled = await warmUp(live.ledger, s.clock, s.timers, {
    maxOutstanding: Math.ceil((s.services * s.rate) / 2),
    steadyMs: 2_000,
    timeoutMs: 30_000,
    groupFormed: () => live.fleet.groupFormed('blue'),
  });
  s.progress.event(
    s.clock.now(),
    settled ? 'fleet: consumers keep up; starting the rollout' : 'fleet: consumers still lag after 30 s; starting the rollout anyway',
  );
  const bootstrap = { blue: live.env.bootstrap.blue.join(','), green: live.env.bootstrap.green.join(',') };
  const handlers = observingGates(s, live, localRolloutHandlers(live.ports.rollout));
  // Real waits: the plan's bake and poll times are already scaled down.
  const definition = { ...loadRolloutDefinition(), waitStates: [] };
  // Every execution (the rollout, and the finish-rollback one a rollback starts) runs the same definition.
  // Blue's quiet period is judged on the local metric store's scaled periods, published at once.
  const waitOverridesMs = { WaitForBlueQuiet: quietWaitMs(scaledTimes(s.plan, s.speed).decommissionQuietFor, rehearsalMetricTiming(live.env)) };
  live.ports.executions.useRunner((executionArn, input, signal) => runRollout({ input, handlers, executionArn, definition, signal, waitOverridesMs }));
  const result = await live.ports.executions.run(ROLLOUT_EXECUTION, { plan: rehearsalPlanInput(s.plan, s.speed, bootstrap), requestedBy: 'rehearsal' });
  await quiesce(live);
  return result;
}

async function windDown(s: RunSettings, live: Live): Promise<void> {
  s.progress.event(s.clock.now(), 'winding down: producers stop, consumers read what is left');
  await finishTraffic(live.fleet, live.ledger, s.clock, s.timers);
  await live.monitor.stop();
  await live.outage?.settle(s.clock.now());
  if (live.ledger.abandonedCount > 0) {
    live.notes.push(`${live.ledger.abandonedCount} sends were still failing when producers stopped (never acknowledged, so not counted as produced)`);
  }
}

async function recordOf(s: RunSettings, live: Live, result: RolloutResult, startedAt: number): Promise<RunRecord> {
  const { env, ledger, fleet } = live;
  return {
    services: fleet.names,
    startedAt,
    endedAt: s.clock.now(),
    history: env.store.history(s.plan.migration),
    marker: await env.store.get(markerName(PREFIX, s.plan.migration)),
    execution: executionStatus(result),
    executions: live.ports.executions
      .executions()
      .map((e) => ({ name: e.name, entry: e.entry, status: e.status === 'FAILED' ? `FAILED (${e.error})` : e.status })),
    accounting: account(ledger.acks(), ledger.deliveries()),
    gates: live.gates,
    fault: live.outage?.record ?? null,
    routeChanges: fleet.routeChanges,
    routingSwitches: fleet.routingSwitches,
    rebalances: ledger.generations.blue + ledger.generations.green,
    samples: live.monitor.samples,
    notes: live.notes,
  };
}

/**
 * One rehearsal: local clusters, the fleet, the rollout state machine with the controller's
 * use cases over local ports, alarms and the fault; then the traffic is wound down so that
 * every acknowledged message is accounted for. On every path the fleet stops before the
 * clusters do.
 */
export async function runRehearsal(s: RunSettings): Promise<RunRecord> {
  const startedAt = s.clock.now();
  const env = await startEnvironment(s.plan, s.speed, s.clock, s.timers);
  let live: Live | null = null;
  try {
    live = assemble(s, env);
    const result = await drive(s, live);
    await windDown(s, live);
    return await recordOf(s, live, result, startedAt);
  } finally {
    await live?.monitor.stop();
    await live?.fleet.stop();
    await env.stop();
  }
}
