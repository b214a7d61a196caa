import { CLIENT_METRICS, DEFAULT_PARAMETER_PREFIX } from '@kraft-canary/client/contract';
import { checkControls } from '../controller/controls/check-controls.ts';
import { decommission } from '../controller/decommission/decommission.ts';
import { confirmDrain } from '../controller/drain/confirm-drain.ts';
import { evaluateGates } from '../controller/gates/evaluate-gates.ts';
import type { MetricTiming } from '../controller/gates/metric-timing.ts';
import { releaseLock } from '../controller/lock/release-lock.ts';
import { confirmMoves } from '../controller/movers/confirm-moves.ts';
import { requestMoves } from '../controller/movers/request-moves.ts';
import { notify } from '../controller/notify/notify.ts';
import { preflight } from '../controller/preflight/preflight.ts';
import { handleRollbackEvent } from '../controller/rollback/handle-rollback-event.ts';
import { setRouting } from '../controller/routing/set-routing.ts';
import type {
  AlarmStates,
  AuditArchive,
  Clock,
  ClusterRegistry,
  ExecutionControl,
  KafkaAdmins,
  Logger,
  MetricsCatalog,
  MetricsReader,
  MetricsWriter,
  MoveHooks,
  Notifier,
} from '../ports/index.ts';
import { MemoryAlarmStates } from './memory-alarm-states.ts';
import type { MemoryRoutingStore } from './memory-routing-store.ts';
import type { RolloutHandlers, StepHandler } from './run-rollout.ts';

/** Everything the rollout's use cases reach, as the rehearsal provides it on one machine. */
export interface LocalRolloutPorts {
  readonly store: MemoryRoutingStore;
  readonly clusters: ClusterRegistry;
  readonly kafka: KafkaAdmins;
  readonly metrics: MetricsReader & MetricsWriter & MetricsCatalog;
  readonly archive: AuditArchive;
  readonly notifier: Notifier;
  /** The RollBack Task's: it stops (and never finishes) anything only when an operator or alarm asks. */
  readonly executions: Pick<ExecutionControl, 'stopExecution' | 'describeExecution' | 'executionInput' | 'startExecution'>;
  readonly clock: Clock;
  readonly logger: Logger;
  /**
   * Answers an approval request (the RequestApproval payload) with the task output a person's
   * click would send (`{ decision: 'approved', approver, decidedAt }`), or throws an error named
   * ApprovalRejected / RolledBack, as SendTaskFailure would surface it.
   */
  readonly approve: StepHandler;
  readonly prefix?: string;
  readonly namespace?: string;
  /** The migration's composite alarm as preflight reads it; default: every alarm OK. */
  readonly alarms?: AlarmStates;
  /** `<prefix>` of the composite alarm's name (default `kraft-canary-local`). */
  readonly alarmPrefix?: string;
  /** How the local metric store's periods map onto the clock (default CloudWatch's minute). */
  readonly metricTiming?: MetricTiming;
  /** The movers' hooks the rollout may invoke at the cutover; none by default. */
  readonly moves?: { readonly hooks: MoveHooks; readonly allowed: readonly string[] };
}

const NO_HOOKS: MoveHooks = {
  invoke: async () => undefined,
};

/**
 * The rollout's Task handlers over local ports: the same use cases the Lambda handlers in
 * functions/ wrap, so that a rehearsal runs the production decisions end to end.
 */
export function localRolloutHandlers(ports: LocalRolloutPorts): RolloutHandlers {
  const prefix = ports.prefix ?? DEFAULT_PARAMETER_PREFIX;
  const namespace = ports.namespace ?? CLIENT_METRICS.defaultNamespace;
  const { store, clock, logger, metrics } = ports;
  const routing = { routing: store, flags: store, clock, prefix, logger };
  return {
    preflight: preflight({
      ...routing,
      metricTiming: ports.metricTiming,
      clusters: ports.clusters,
      kafka: ports.kafka,
      alarms: { states: ports.alarms ?? new MemoryAlarmStates(), namePrefix: ports.alarmPrefix ?? 'kraft-canary-local' },
    }),
    setRouting: setRouting({ ...routing, metrics, namespace }),
    evaluateGates: evaluateGates({ metrics, catalog: metrics, namespace, clock, logger, metricTiming: ports.metricTiming }),
    requestApproval: ports.approve,
    notify: notify({ notifier: ports.notifier, logger }),
    confirmDrain: confirmDrain({ kafka: ports.kafka, metrics, catalog: metrics, clock, logger }),
    requestMoves: requestMoves({ hooks: ports.moves?.hooks ?? NO_HOOKS, allowedHooks: ports.moves?.allowed ?? [], clock, logger }),
    confirmMoves: confirmMoves({ kafka: ports.kafka, clock, logger }),
    decommission: decommission({
      routing: store,
      clusters: ports.clusters,
      kafka: ports.kafka,
      archive: ports.archive,
      metrics,
      catalog: metrics,
      metricTiming: ports.metricTiming,
      clock,
      logger,
    }),
    releaseLock: releaseLock({ flags: store, prefix, logger }),
    rollback: handleRollbackEvent({ ...routing, executions: ports.executions, notifier: ports.notifier, metrics, namespace }),
    checkControls: checkControls({ flags: store, clock, logger, prefix }),
  };
}
