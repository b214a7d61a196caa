import type { Plan } from '../../domain/plan.ts';
import type { ClusterRegistry, ExecutionControl, KafkaAdmins, Logger } from '../../ports/index.ts';
import type { CheckOutcome } from '../../readiness/check-row.ts';
import type { MetricTiming } from '../gates/metric-timing.ts';
import type { FirstRoutingWritePorts } from '../routing/first-routing-write.ts';
import type { MigrationAlarmPorts } from './alarm-check.ts';

/** What the preflight reaches: the routing parameter and flags, MSK, Kafka, alarms and executions. */
export interface PreflightPorts extends FirstRoutingWritePorts {
  readonly clusters: Pick<ClusterRegistry, 'describe'>;
  readonly kafka: KafkaAdmins;
  readonly logger: Logger;
  /** Further readiness checks (src/readiness/); a failing row refuses the rollout. */
  readonly extraChecks?: readonly ((plan: Plan) => Promise<CheckOutcome>)[];
  /** The migration's composite alarm: no start while it is in ALARM (unchecked when absent). */
  readonly alarms?: MigrationAlarmPorts;
  /** Tells whether a lock's holder still runs; without it a held lock always refuses. */
  readonly executions?: Pick<ExecutionControl, 'describeExecution'>;
  /** The metric period the gates judge in (CloudWatch's minute unless the rehearsal scales it). */
  readonly metricTiming?: MetricTiming;
}
