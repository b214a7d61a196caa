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
import { FleetNotReadyError } from './errors.ts';
import { DEFAULT_FINISH, finishTraffic } from './finish-traffic.ts';
import type { Fleet } from './fleet.ts';
import { fleetLayout, type ServiceLayout, serviceOf } from './fleet-layout.ts';
import { warmUp } from './fleet-warmup.ts';
import type { InjectedFault } from './green-outage.ts';
import { MessageLedger } from './message-ledger.ts';
import { MOVER_HOOK_ARN, MoverService, moverEntry } from './mover-service.ts';
import { type RehearsalEnvironment, SAMPLE_MS, startEnvironment } from './rehearsal-environment.ts';
import { RehearsalMonitor } from './rehearsal-monitor.ts';
import { rehearsalPlanInput, scaledTimes } from './rehearsal-plan.ts';
import { alarmWatch, createFleet, localPorts, outageFor, PREFIX, type RehearsalPorts, ROLLOUT_EXECUTION } from './rehearsal-wiring.ts';
import type { GateRecord } from './report.ts';
import type { RunSettings } from './run-settings.ts';
import { readCommittedOffsets, strandedIds } from './stranded.ts';

/** The facts one run recorded; the report is built from them. */
export type RunRecord = Omit<ReportInput, 'planSource' | 'inject' | 'instances' | 'rate' | 'speed' | 'plan'>;

interface Live {
  readonly layout: readonly ServiceLayout[];
  readonly env: RehearsalEnvironment;
  readonly ledger: MessageLedger;
  readonly fleet: Fleet;
  readonly ports: RehearsalPorts;
  readonly outage: InjectedFault | null;
  readonly monitor: RehearsalMonitor;
  readonly gates: GateRecord[];
  readonly notes: string[];
  /** The service that reads blue only and is moved at the cutover; none when a fault rolls back. */
  readonly mover: MoverService | null;
}

function assemble(s: RunSettings, layout: readonly ServiceLayout[], env: RehearsalEnvironment): Live {
  const ledger = new MessageLedger();
  const notes: string[] = [];
  const fleet = createFleet(s, layout, env, ledger);
  // The mover reads the first service's topic, blue only, until the cutover moves it.
  const moved = layout[0];
  const mover =
    s.inject === null && moved
      ? new MoverService({
          topic: moved.topic,
          bootstrap: env.bootstrap,
          clock: s.clock,
          timers: s.timers,
          onEvent: (at, text) => s.progress.event(at, text),
        })
      : null;
  const local = localPorts(s, env, fleet, notes);
  const ports = mover === null ? local : { ...local, rollout: { ...local.rollout, moves: { hooks: mover, allowed: [MOVER_HOOK_ARN] } } };
  const outage = outageFor(s, env);
  const monitor = new RehearsalMonitor({
    migration: s.plan.migration,
    store: env.store,
    ledger,
    sampler: env.sampler,
    metrics: env.metrics,
    clusterNames: clusterNames(s.plan),
    topics: layout.map((service) => service.topic),
    alarms: alarmWatch(s, layout, env, ports),
    outage,
    progress: s.progress,
    clock: s.clock,
    timers: s.timers,
    tickMs: SAMPLE_MS,
  });
  return { layout, env, ledger, fleet, ports, outage, monitor, gates: [], notes, mover };
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
  const gate = result as { verdict: GateRecord['verdict']; reasons: string[]; analysis?: { summary: string } | null };
  const analysis = gate.analysis?.summary;
  const record: GateRecord = {
    at: s.clock.now(),
    greenPercent: s.plan.stages[stageIndex]?.greenPercent ?? 0,
    verdict: gate.verdict,
    reasons: gate.reasons,
    ...(analysis ? { analysis } : {}),
  };
  live.gates.push(record);
  live.monitor.lastGate = record;
  s.progress.event(
    record.at,
    `gate ${record.greenPercent}%: ${record.verdict}${record.reasons.length ? ` (${record.reasons.join('; ')})` : ''}${analysis ? ` | ${analysis}` : ''}`,
  );
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

/**
 * How long the fleet may take to keep up before the rollout: the groups' first joins and their
 * backlog, longer for a bigger fleet, bounded so that a fleet that never keeps up fails soon.
 */
export const warmupTimeoutMs = (instances: number): number => Math.min(120_000, Math.max(30_000, instances * 1_000));

/** Services named in the message of a fleet that does not keep up; the rest are counted. */
const MAX_NAMED = 6;

/** Services whose consumers do not keep up: not all joined on blue, or more than their share outstanding. */
function laggingServices(s: RunSettings, live: Live, maxOutstanding: number): string[] {
  const perService = live.ledger.outstandingBy((id) => serviceOf(live.layout, id));
  const share = Math.max(1, Math.ceil(maxOutstanding / Math.max(1, live.layout.length)));
  const behind = live.layout.filter((service) => (perService.get(service.name) ?? 0) > share).map((service) => service.name);
  const notJoined = new Set(live.fleet.notJoined('blue'));
  const details = [...new Set([...notJoined, ...behind])].map(
    (name) => `${name} (${notJoined.has(name) ? 'group not formed' : 'group formed'}, ${perService.get(name) ?? 0} unconsumed)`,
  );
  if (details.length === 0) return [`the fleet as a whole (${live.ledger.outstanding} unconsumed, ${s.services * s.instances} instances)`];
  const shown = details.slice(0, MAX_NAMED);
  return details.length > shown.length ? [...shown, `${details.length - shown.length} more`] : shown;
}

async function drive(s: RunSettings, live: Live): Promise<RolloutResult> {
  await live.fleet.start();
  await live.mover?.start();
  live.monitor.start();
  const instances = s.services * s.instances;
  s.progress.event(
    s.clock.now(),
    `fleet: ${s.services} services × ${s.instances} instances producing ${s.rate} msg/s each; waiting for their consumers to keep up`,
  );
  // Half a second of the fleet's traffic in flight still counts as keeping up.
  const maxOutstanding = Math.ceil((instances * s.rate) / 2);
  const timeoutMs = warmupTimeoutMs(instances);
  const settled = await warmUp(live.ledger, s.clock, s.timers, {
    maxOutstanding,
    steadyMs: 2_000,
    timeoutMs,
    groupFormed: () => live.fleet.groupFormed('blue'),
  });
  if (!settled) {
    // The runbook starts only from a fleet that keeps up; a rollout now would judge the backlog, not green.
    const lagging = laggingServices(s, live, maxOutstanding);
    throw new FleetNotReadyError(
      `the fleet did not keep up within ${Math.round(timeoutMs / 1000)} s, so no rollout was started; lagging: ${lagging.join(', ')}. Try fewer services, instances or a lower --rate.`,
    );
  }
  s.progress.event(s.clock.now(), 'fleet: consumers keep up; starting the rollout');
  const bootstrap = { blue: live.env.bootstrap.blue.join(','), green: live.env.bootstrap.green.join(',') };
  const handlers = observingGates(s, live, localRolloutHandlers(live.ports.rollout));
  // Real waits: the plan's bake and poll times are already scaled down.
  const definition = { ...loadRolloutDefinition(), waitStates: [] };
  // Every execution (the rollout, and the finish-rollback one a rollback starts) runs the same definition.
  // Blue's quiet period is judged on the local metric store's scaled periods, published at once.
  const waitOverridesMs = { WaitForBlueQuiet: quietWaitMs(scaledTimes(s.plan, s.speed).decommissionQuietFor, rehearsalMetricTiming(live.env)) };
  live.ports.executions.useRunner((executionArn, input, signal) => runRollout({ input, handlers, executionArn, definition, signal, waitOverridesMs }));
  const planInput = rehearsalPlanInput(s.plan, live.layout, s.speed, bootstrap);
  const moved = live.layout[0];
  const plan = live.mover === null || !moved ? planInput : { ...planInput, movers: [...(s.plan.movers ?? []), moverEntry(moved.topic)] };
  const result = await live.ports.executions.run(ROLLOUT_EXECUTION, { plan, requestedBy: 'rehearsal' });
  await quiesce(live);
  return result;
}

async function windDown(s: RunSettings, live: Live): Promise<void> {
  s.progress.event(s.clock.now(), 'winding down: producers stop, consumers read what is left');
  await finishTraffic(live.fleet, live.ledger, s.clock, s.timers);
  await live.mover?.finish(() => moverAcks(live), DEFAULT_FINISH.idleForMs);
  await live.monitor.stop();
  await live.outage?.settle(s.clock.now());
  if (live.ledger.abandonedCount > 0) {
    live.notes.push(`${live.ledger.abandonedCount} sends were still failing when producers stopped (never acknowledged, so not counted as produced)`);
  }
}

/** The acknowledgements of the service whose topic the mover reads: what it must read. */
function moverAcks(live: Live) {
  const moved = live.layout[0]?.name;
  return live.ledger.acks().filter((ack) => serviceOf(live.layout, ack.id) === moved);
}

/** Undelivered messages still readable by their group, judged on the clusters that still run. */
async function stranded(live: Live): Promise<Set<string>> {
  const undelivered = live.ledger.undelivered();
  if (undelivered.length === 0) return new Set();
  const { env } = live;
  const committed = await readCommittedOffsets(live.layout, {
    blue: env.clusters.blue.running ? env.samplerAdmins.blue : null,
    green: env.clusters.green.running ? env.samplerAdmins.green : null,
  });
  return strandedIds(undelivered, committed);
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
    accounting: account(ledger.acks(), ledger.deliveries(), await stranded(live)),
    mover: live.mover?.record(moverAcks(live)) ?? null,
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
  const layout = fleetLayout(s.services, s.instances);
  const env = await startEnvironment(s.plan, layout, s.speed, s.clock, s.timers);
  let live: Live | null = null;
  try {
    live = assemble(s, layout, env);
    const result = await drive(s, live);
    await windDown(s, live);
    return await recordOf(s, live, result, startedAt);
  } finally {
    await live?.monitor.stop();
    // On a failed run sends may still be retrying: they give up now, so the fleet can stop.
    await live?.fleet.stopProducing(s.clock.now());
    await live?.fleet.stop();
    await live?.mover?.stop();
    await env.stop();
  }
}
