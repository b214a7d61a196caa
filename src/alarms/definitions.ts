import { CLIENT_METRICS } from '@kraft-canary/client/contract';
import { alarmName, compositeAlarmName, type Signal } from '../domain/alarm-names.ts';
import type { AlarmConfig, LagWatch } from './alarm-config.ts';

export type Stat = 'Maximum' | 'Minimum' | 'Sum' | 'Average';
export type TreatMissingData = 'breaching' | 'notBreaching' | 'ignore' | 'missing';
export type Comparison = 'GreaterThanThreshold' | 'LessThanThreshold';

export interface MetricRef {
  readonly id: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly stat: Stat;
}

/**
 * The few metric-math shapes the alarms need, as data: CloudFormation gets the CloudWatch
 * expression text, the local evaluator computes the same thing point by point.
 */
export type Expression =
  | { readonly kind: 'metric'; readonly id: string }
  | { readonly kind: 'max'; readonly ids: readonly string[] }
  | { readonly kind: 'sum'; readonly ids: readonly string[] }
  /** numerator / denominator, 0 while the denominator is below `minDenominator`. */
  | { readonly kind: 'ratio'; readonly numerator: string; readonly denominator: string; readonly minDenominator: number };

export interface AlarmDefinition {
  readonly name: string;
  readonly description: string;
  readonly signal: Signal;
  readonly cluster: 'blue' | 'green';
  readonly metrics: readonly MetricRef[];
  readonly expression: Expression;
  readonly comparison: Comparison;
  readonly threshold: number;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: TreatMissingData;
}

export interface CompositeDefinition {
  readonly name: string;
  readonly description: string;
  readonly children: readonly string[];
}

/** CloudWatch allows at most 10 metrics in one alarm's metric math. */
const MAX_METRICS = 10;
const chunk = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, i * size + size));

const MSK = 'AWS/Kafka';
type Cluster = 'blue' | 'green';

/**
 * Lag: MSK publishes lag only while a group is STABLE or EMPTY, so the series vanishes during
 * every rebalance. `missing` makes a gap neither breach nor clear the alarm, and a window with
 * no data at all leaves ALARM (INSUFFICIENT_DATA) so that a stale ALARM cannot mask the next
 * rollout. 3 of 5 one-minute points: one slow poll after a rebalance is not a rollback.
 */
function lagAlarms(config: AlarmConfig, cluster: Cluster, watch: LagWatch): AlarmDefinition[] {
  const clusterName = config[cluster].name;
  const timeLag = config.thresholds.maxTimeLagSeconds;
  const kinds = [
    { metricName: 'MaxOffsetLag', detail: 'offset-lag', threshold: config.thresholds.maxOffsetLag, unit: 'messages' },
    ...(timeLag === null ? [] : [{ metricName: 'EstimatedMaxTimeLag', detail: 'time-lag', threshold: timeLag, unit: 's' }]),
  ];
  return kinds.flatMap((kind) =>
    chunk(watch.topics, MAX_METRICS).map((topics, part) => {
      const metrics = topics.map((topic, i) => ({
        id: `m${i}`,
        namespace: MSK,
        metricName: kind.metricName,
        dimensions: { 'Cluster Name': clusterName, 'Consumer Group': watch.group, Topic: topic },
        stat: 'Maximum' as const,
      }));
      const suffix = part === 0 ? '' : `-${part + 1}`;
      return {
        name: alarmName(config.namePrefix, config.migration, 'lag', cluster, `${watch.group}.${kind.detail}${suffix}`),
        description: `${kind.metricName} of ${watch.group} on ${cluster} (${topics.join(', ')}) above ${kind.threshold} ${kind.unit}`,
        signal: 'lag' as const,
        cluster,
        metrics,
        expression: metrics.length === 1 ? { kind: 'metric' as const, id: 'm0' } : { kind: 'max' as const, ids: metrics.map((m) => m.id) },
        comparison: 'GreaterThanThreshold' as const,
        threshold: kind.threshold,
        periodSeconds: 60,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        treatMissingData: 'missing' as const,
      };
    }),
  );
}

/**
 * Client errors on green, per role. No traffic means no data, which is healthy
 * (`notBreaching`); the ratio is 0 below `minOperations` a minute so that a handful of
 * sends cannot trip it. 2 of 3 minutes.
 */
function clientErrorAlarms(config: AlarmConfig): AlarmDefinition[] {
  return (['producer', 'consumer'] as const).map((role) => {
    const dimensions = { Migration: config.migration, Cluster: 'green', Role: role };
    return {
      name: alarmName(config.namePrefix, config.migration, 'client-errors', 'green', role),
      description: `${role} errors on green above ${config.thresholds.maxErrorRate * 100} % of operations`,
      signal: 'client-errors',
      cluster: 'green',
      metrics: [
        { id: 'errors', namespace: config.namespace, metricName: CLIENT_METRICS.errors, dimensions, stat: 'Sum' },
        { id: 'operations', namespace: config.namespace, metricName: CLIENT_METRICS.operations, dimensions, stat: 'Sum' },
      ],
      expression: { kind: 'ratio', numerator: 'errors', denominator: 'operations', minDenominator: config.thresholds.minOperations },
      comparison: 'GreaterThanThreshold',
      threshold: config.thresholds.maxErrorRate,
      periodSeconds: 60,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: 'notBreaching',
    };
  });
}

const health = (config: AlarmConfig, detail: string, rest: Omit<AlarmDefinition, 'name' | 'signal' | 'cluster'>): AlarmDefinition => ({
  name: alarmName(config.namePrefix, config.migration, 'cluster-health', 'green', detail),
  signal: 'cluster-health',
  cluster: 'green',
  ...rest,
});

/**
 * Green cluster health. Broker metrics that stop arriving are not taken as evidence
 * (`missing`/`notBreaching`): MSK publishes late now and then, and a KRaft cluster's
 * controllers may not report ActiveControllerCount at all. A cluster that is really down
 * shows up in the client error alarm, which measures what producers experience.
 */
function healthAlarms(config: AlarmConfig): AlarmDefinition[] {
  const cluster = { 'Cluster Name': config.green.name };
  const brokers = Array.from({ length: config.green.brokerCount }, (_, i) => i + 1);
  const urp = chunk(brokers, MAX_METRICS).map((ids, part) => {
    const metrics = ids.map((id) => ({
      id: `b${id}`,
      namespace: MSK,
      metricName: 'UnderReplicatedPartitions',
      dimensions: { ...cluster, 'Broker ID': String(id) },
      stat: 'Maximum' as const,
    }));
    return health(config, `under-replicated${part === 0 ? '' : `-${part + 1}`}`, {
      description: `under-replicated partitions on green brokers ${ids.join(', ')} for 10 minutes (longer than a rolling broker restart)`,
      metrics,
      expression: { kind: 'sum', ids: metrics.map((m) => m.id) },
      comparison: 'GreaterThanThreshold',
      threshold: 0,
      periodSeconds: 60,
      evaluationPeriods: 10,
      datapointsToAlarm: 10,
      treatMissingData: 'missing',
    });
  });
  return [
    health(config, 'offline-partitions', {
      description: 'offline partitions on green (no leader: sends to them fail)',
      metrics: [{ id: 'm0', namespace: MSK, metricName: 'OfflinePartitionsCount', dimensions: cluster, stat: 'Maximum' }],
      expression: { kind: 'metric', id: 'm0' },
      comparison: 'GreaterThanThreshold',
      threshold: 0,
      periodSeconds: 60,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: 'missing',
    }),
    health(config, 'no-active-controller', {
      description: 'no active controller reported on green for 3 minutes',
      metrics: [{ id: 'm0', namespace: MSK, metricName: 'ActiveControllerCount', dimensions: cluster, stat: 'Maximum' }],
      expression: { kind: 'metric', id: 'm0' },
      comparison: 'LessThanThreshold',
      threshold: 1,
      periodSeconds: 60,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: 'notBreaching',
    }),
    ...urp,
  ];
}

/** Every metric alarm of one migration, in a stable order. */
export function alarmDefinitions(config: AlarmConfig): AlarmDefinition[] {
  const lag = (['blue', 'green'] as const).flatMap((cluster) => config.lag.flatMap((watch) => lagAlarms(config, cluster, watch)));
  return [...lag, ...clientErrorAlarms(config), ...healthAlarms(config)];
}

/** One composite per migration: ALARM when any child is in ALARM. */
export function compositeDefinition(config: AlarmConfig, alarms: readonly AlarmDefinition[]): CompositeDefinition {
  return {
    name: compositeAlarmName(config.namePrefix, config.migration),
    description: `kraft-canary rolls ${config.migration} back when this alarm goes to ALARM`,
    children: alarms.map((a) => a.name),
  };
}
