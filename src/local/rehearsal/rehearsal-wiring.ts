import { randomBytes } from 'node:crypto';
import { CLIENT_METRICS, DEFAULT_PARAMETER_PREFIX } from '@kraft-canary/client/contract';
import { applyApprovalDecision } from '../../controller/approvals/apply-approval-decision.ts';
import { requestApproval } from '../../controller/approvals/request-approval.ts';
import { handleRollbackEvent } from '../../controller/rollback/handle-rollback-event.ts';
import type { RollbackPorts } from '../../controller/rollback/rollback.ts';
import type { RollbackEventContext } from '../../controller/rollback/rollback-request.ts';
import { clusterNames } from '../../domain/metric-names.ts';
import type { LocalRolloutPorts } from '../local-rollout-handlers.ts';
import { MemoryAlarmStates } from '../memory-alarm-states.ts';
import { MemoryApprovalStore } from '../memory-approval-store.ts';
import { MemoryAuditArchive } from '../memory-audit-archive.ts';
import { rehearsalDecider, rehearsalMetricTiming } from './blue-quiet-approver.ts';
import { Fleet } from './fleet.ts';
import type { ServiceLayout } from './fleet-layout.ts';
import { GreenOutage, type InjectedFault } from './green-outage.ts';
import { GreenSlowdown } from './green-slow.ts';
import { AlarmWatch, REHEARSAL_ALARM_PREFIX, rehearsalAlarmConfig } from './local-alarms.ts';
import { createLocalApprovalChannel } from './local-approvals.ts';
import { LocalClusterRegistry } from './local-cluster-registry.ts';
import { callbackTask, LocalExecutions } from './local-executions.ts';
import { createLocalLogger, createLocalNotifier } from './local-notices.ts';
import type { MessageLedger } from './message-ledger.ts';
import { BROKERS_PER_CLUSTER, type RehearsalEnvironment } from './rehearsal-environment.ts';
import { scaledTimes } from './rehearsal-plan.ts';
import type { RunSettings } from './run-settings.ts';

/** The local rollout state machine: the rehearsal's rollout and the rollback's finish-rollback execution both run it. */
export const STATE_MACHINE_ARN = 'arn:aws:states:local:000000000000:stateMachine:kraft-canary-rollout';
/** The rollout execution's name (its ARN: `…:execution:kraft-canary-rollout:rehearsal`). */
export const ROLLOUT_EXECUTION = 'rehearsal';
/** The rollout's state, as SSM names it in production. */
export const PREFIX = DEFAULT_PARAMETER_PREFIX;
const NAMESPACE = CLIENT_METRICS.defaultNamespace;
/** Decommission waits at most this long for the fleet's consumers to leave blue. */
const LEAVE_TIMEOUT_MS = 30_000;

export function createFleet(s: RunSettings, layout: readonly ServiceLayout[], env: RehearsalEnvironment, ledger: MessageLedger): Fleet {
  return new Fleet({
    layout,
    rate: s.rate,
    migration: s.plan.migration,
    source: env.store.sourceFor(s.plan.migration),
    // Services poll every 15 s in production; the rehearsal polls `speed` times as often.
    pollIntervalMs: Math.min(15_000, Math.max(100, Math.round(15_000 / s.speed))),
    bootstrap: env.bootstrap,
    ledger,
    metrics: env.metrics,
    metricsFlushMs: env.metrics.periodMs(60),
    clock: s.clock,
    timers: s.timers,
    onEvent: (at, text) => s.progress.event(at, text),
    connectionCounts: { clusters: env.clusters, clusterNames: clusterNames(s.plan) },
    // The local brokers answer an empty Fetch only after its full wait: keep it short.
    push: { fetchMaxWaitMs: 200 },
  });
}

/** The rollout's ports (for the state machine's Tasks) and the rollback's (for the alarms). */
export interface RehearsalPorts {
  readonly rollout: LocalRolloutPorts;
  readonly rollback: RollbackPorts;
  readonly rollbackContext: RollbackEventContext;
  /** The alarms' states as preflight reads them: the alarm watch raises the composite here. */
  readonly alarmStates: MemoryAlarmStates;
  readonly executions: LocalExecutions;
  /** Every rollback request (alarm, "Roll back now"), tracked so the run waits for the finish it starts. */
  readonly rollBack: (event: unknown) => Promise<unknown>;
  /** Resolves once no rollback request is in flight; true when it had to wait for one. */
  readonly rollbacksSettled: () => Promise<boolean>;
}

/** Wraps the rollback entry so that the run can wait for requests still in flight. */
function trackedRollback(rollBack: (event: unknown) => Promise<unknown>) {
  const inFlight = new Set<Promise<unknown>>();
  const tracked = (event: unknown) => {
    const request = rollBack(event);
    inFlight.add(request);
    const forget = () => void inFlight.delete(request);
    request.then(forget, forget);
    return request;
  };
  const settled = async (): Promise<boolean> => {
    const waited = inFlight.size > 0;
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    return waited;
  };
  return { tracked, settled };
}

const newApprovalId = (): string => randomBytes(10).toString('hex');

export function localPorts(s: RunSettings, env: RehearsalEnvironment, fleet: Fleet, notes: string[]): RehearsalPorts {
  const event = (at: number, text: string) => s.progress.event(at, text);
  const { clock } = s;
  const executions = new LocalExecutions(STATE_MACHINE_ARN, (text) => event(clock.now(), text));
  const notifier = createLocalNotifier(clock, event);
  const logger = createLocalLogger(clock, event);
  const rollback: RollbackPorts = {
    routing: env.store,
    flags: env.store,
    executions,
    notifier,
    metrics: env.metrics,
    namespace: NAMESPACE,
    logger,
    clock,
    prefix: PREFIX,
  };
  const rollbackContext = { migration: s.plan.migration };
  const { tracked: rollBack, settled: rollbacksSettled } = trackedRollback((input) => handleRollbackEvent(rollback, rollbackContext)(input));
  const channel = createLocalApprovalChannel({
    decide: rehearsalDecider(s, env),
    apply: (r, d) => applyApprovalDecision({ executions, rollBack })(r, d),
    clock,
    timers: s.timers,
    onEvent: event,
  });
  const beforeStop = async (side: 'blue' | 'green') => {
    if (!(await fleet.waitUntilLeft(side, LEAVE_TIMEOUT_MS))) notes.push(`${side} was stopped while consumers of the fleet were still connected to it`);
  };
  const alarmStates = new MemoryAlarmStates();
  const rollout: LocalRolloutPorts = {
    store: env.store,
    clusters: new LocalClusterRegistry(s.plan, env.clusters, () => clock.now(), beforeStop),
    kafka: env.kafka,
    metrics: env.metrics,
    archive: new MemoryAuditArchive(),
    notifier,
    executions,
    clock,
    logger,
    // The real RequestApproval use case posts to the local channel, which decides and applies
    // the decision like a Slack click; the Task waits on its token meanwhile.
    approve: callbackTask(executions, requestApproval({ approvals: new MemoryApprovalStore(), channel, clock, logger, newApprovalId })),
    prefix: PREFIX,
    namespace: NAMESPACE,
    alarms: alarmStates,
    alarmPrefix: REHEARSAL_ALARM_PREFIX,
    metricTiming: rehearsalMetricTiming(env),
  };
  return { rollout, rollback, rollbackContext, alarmStates, executions, rollBack, rollbacksSettled };
}

export function outageFor(s: RunSettings, env: RehearsalEnvironment): InjectedFault | null {
  if (s.inject === null) return null;
  const stage = s.plan.stages.findIndex((st) => st.greenPercent === s.inject?.atPercent);
  const bake = scaledTimes(s.plan, s.speed).bakeSeconds[stage] ?? 1;
  const config = { atPercent: s.inject.atPercent, leadMs: Math.min(2_000, (bake * 1000) / 3), holdMs: 2_000, maxDownMs: Math.max(30_000, bake * 3_000) };
  const onEvent = (at: number, text: string) => s.progress.event(at, text);
  if (s.inject.kind === 'green-outage') return new GreenOutage(config, env.clusters.green, onEvent);
  return new GreenSlowdown({ ...config, factor: s.inject.factor }, env.clusters.green, () => blueMeanProduceLatency(s, env), onEvent);
}

/** Blue's mean produce latency over the last 10 s of the clock, from the clients' own metrics. */
function blueMeanProduceLatency(s: RunSettings, env: RehearsalEnvironment): number | null {
  const now = s.clock.now();
  const points = env.metrics.points(NAMESPACE, CLIENT_METRICS.produceLatency, { Migration: s.plan.migration, Cluster: 'blue' }, now - 10_000, now + 1);
  return points.length === 0 ? null : points.reduce((sum, p) => sum + p.value, 0) / points.length;
}

export function alarmWatch(s: RunSettings, layout: readonly ServiceLayout[], env: RehearsalEnvironment, ports: RehearsalPorts): AlarmWatch {
  const lag = layout.map((service) => ({ group: service.group, topics: [service.topic] }));
  return new AlarmWatch({
    config: rehearsalAlarmConfig(s.plan, lag, s.speed, BROKERS_PER_CLUSTER),
    metrics: env.metrics,
    onAlarm: (event, triggering) => {
      s.progress.event(s.clock.now(), `alarm: ${triggering.map((a) => a.name).join(', ')} in ALARM`);
      ports.alarmStates.set(event.detail.alarmName, { state: 'ALARM', reason: event.detail.state.reason, since: s.clock.now() });
      ports
        .rollBack(event)
        .catch((error: unknown) => s.progress.event(s.clock.now(), `error: the alarm's rollback failed (${error instanceof Error ? error.name : 'unknown'})`));
    },
  });
}
