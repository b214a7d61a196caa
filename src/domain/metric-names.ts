import type { Plan } from './plan.ts';

/**
 * CloudWatch names the controller reads and writes, in one place: the alarms, the dashboard, the
 * gates and the rehearsal share them. The client metrics come from the client library's contract
 * (CLIENT_METRICS, which it publishes); MSK's from AWS/Kafka.
 */
export const MSK_NAMESPACE = 'AWS/Kafka';

export const MSK_LAG = {
  /** Total messages behind per group and topic: the gate's lag series. */
  sum: 'SumOffsetLag',
  /** Worst partition of the group and topic, in messages. */
  max: 'MaxOffsetLag',
  /** Worst partition of the group and topic, in seconds. */
  time: 'EstimatedMaxTimeLag',
  dimensions: { cluster: 'Cluster Name', group: 'Consumer Group', topic: 'Topic' },
} as const;

/** Per-broker ingress; MSK has no cluster-wide series at the default monitoring level. */
export const MSK_MESSAGES_IN = { name: 'MessagesInPerSec', dimensions: { cluster: 'Cluster Name', broker: 'Broker ID' } } as const;

/**
 * Active authenticated client connections per broker and authentication type (DEFAULT level):
 * Decommission reads its per-minute minimum to see that every service has left blue.
 */
export const MSK_CLIENT_CONNECTIONS = {
  name: 'ClientConnectionCount',
  dimensions: { cluster: 'Cluster Name', broker: 'Broker ID', authentication: 'Client Authentication' },
} as const;

/** Metrics the controller publishes (namespace METRICS_NAMESPACE, dimension Migration). */
export const CONTROLLER_METRICS = {
  greenPercent: 'CanaryGreenPercent',
  /** Count 1 per evaluation, dimensions Migration and Verdict (pass | fail | inconclusive). */
  gateResult: 'GateResult',
} as const;

/** MSK's "Cluster Name" dimension is the name inside the ARN (…:cluster/<name>/<uuid>). */
export const clusterNameOf = (arn: string): string => arn.split('/')[1] ?? arn;

export const clusterNames = (plan: Plan) => ({ blue: clusterNameOf(plan.clusters.blue.arn), green: clusterNameOf(plan.clusters.green.arn) });
