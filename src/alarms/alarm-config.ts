import { CLIENT_METRICS, MIGRATION_ID } from '@kraft-canary/client/contract';
import { AlarmConfigError } from './errors.ts';

/** A consumer group and the topics it reads: MSK publishes lag per (cluster, group, topic). */
export interface LagWatch {
  readonly group: string;
  readonly topics: readonly string[];
}

export interface AlarmThresholds {
  /** Highest MaxOffsetLag (messages) on any watched topic before the migration rolls back. */
  readonly maxOffsetLag: number;
  /**
   * Highest EstimatedMaxTimeLag (seconds) on any watched topic; null (`off`) drops the time-lag
   * alarms, halving the lag alarms of a wide lagWatch (the template must stay under 1 MB).
   */
  readonly maxTimeLagSeconds: number | null;
  /** Client errors / operations on green, per role, 0..1. */
  readonly maxErrorRate: number;
  /** Below this many operations a minute the error rate is not judged (2 errors in 3 sends is noise). */
  readonly minOperations: number;
}

export interface ClusterRef {
  readonly arn: string;
  /** The `Cluster Name` dimension of the AWS/Kafka metrics. */
  readonly name: string;
}

/** Everything the alarms of one migration depend on; built from the deployment parameters. */
export interface AlarmConfig {
  readonly migration: string;
  /** Prefix of every resource name of this deployment, e.g. `kraft-canary-prod`. */
  readonly namePrefix: string;
  /** Namespace of the client library's metrics (METRICS_NAMESPACE). */
  readonly namespace: string;
  readonly blue: ClusterRef;
  readonly green: ClusterRef & { readonly brokerCount: number };
  readonly lag: readonly LagWatch[];
  readonly thresholds: AlarmThresholds;
}

/**
 * Alarm thresholds are the emergency brake, not the stage gate: the plan's gates (default
 * 1,000 messages, 0.1 % errors) decide whether a stage may advance; these decide that the
 * migration must go back now, so they sit an order of magnitude higher.
 */
export const DEFAULT_THRESHOLDS: AlarmThresholds = {
  maxOffsetLag: 10_000,
  maxTimeLagSeconds: 300,
  maxErrorRate: 0.01,
  minOperations: 100,
};

const MSK_ARN = /^arn:aws[a-z-]*:kafka:[a-z0-9-]+:\d{12}:cluster\/([A-Za-z0-9-]+)\/[A-Za-z0-9-]+$/;
// MSK drops lag metrics of groups whose name holds a colon (so the separator cannot collide),
// and CloudWatch those with characters outside ASCII: such a group could never alarm.
const GROUP = /^[\x21-\x7E]+$/;

export function clusterNameFromArn(arn: string): string {
  const name = MSK_ARN.exec(arn)?.[1];
  if (name === undefined) throw new AlarmConfigError(`not an MSK cluster ARN: ${arn}`);
  return name;
}

/** Parses `group:topic,topic;group2:topic` (the `lagWatch` deployment parameter). */
export function parseLagWatch(text: string): LagWatch[] {
  const entries = text
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  return entries.map((entry) => {
    const [group = '', topicList = '', ...rest] = entry.split(':');
    const topics = topicList
      .split(',')
      .map((t) => t.trim())
      .filter((t) => t !== '');
    if (!GROUP.test(group.trim()) || /[;,]/.test(group) || topics.length === 0 || rest.length > 0) {
      throw new AlarmConfigError(`lagWatch entry "${entry}" must look like group:topic,topic`);
    }
    return { group: group.trim(), topics };
  });
}

const positive = (name: string, value: unknown, fallback: number): number => {
  if (value === undefined || value === null || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new AlarmConfigError(`${name} must be a positive number, got ${String(value)}`);
  return n;
};

const text = (name: string, value: unknown): string => {
  if (typeof value !== 'string' || value.trim() === '') throw new AlarmConfigError(`${name} is required`);
  return value.trim();
};

/** Builds the config from the string-valued deployment parameters (see serverless.yml). */
export function alarmConfigFrom(params: Readonly<Record<string, unknown>>): AlarmConfig {
  const migration = text('migration', params.migration);
  if (!MIGRATION_ID.test(migration)) throw new AlarmConfigError(`migration "${migration}" is not a valid id`);
  const blueArn = text('blueClusterArn', params.blueClusterArn);
  const greenArn = text('greenClusterArn', params.greenClusterArn);
  const maxErrorRate = positive('alarmMaxErrorRate', params.alarmMaxErrorRate, DEFAULT_THRESHOLDS.maxErrorRate);
  if (maxErrorRate > 1) throw new AlarmConfigError('alarmMaxErrorRate is a fraction between 0 and 1');
  return {
    migration,
    namePrefix: text('namePrefix', params.namePrefix),
    namespace: typeof params.namespace === 'string' && params.namespace !== '' ? params.namespace : CLIENT_METRICS.defaultNamespace,
    blue: { arn: blueArn, name: clusterNameFromArn(blueArn) },
    green: {
      arn: greenArn,
      name: clusterNameFromArn(greenArn),
      brokerCount: Math.round(positive('greenBrokerCount', params.greenBrokerCount, 3)),
    },
    lag: parseLagWatch(typeof params.lagWatch === 'string' ? params.lagWatch : ''),
    thresholds: {
      maxOffsetLag: positive('alarmMaxOffsetLag', params.alarmMaxOffsetLag, DEFAULT_THRESHOLDS.maxOffsetLag),
      maxTimeLagSeconds:
        params.alarmMaxTimeLagSeconds === 'off'
          ? null
          : positive('alarmMaxTimeLagSeconds', params.alarmMaxTimeLagSeconds, DEFAULT_THRESHOLDS.maxTimeLagSeconds as number),
      maxErrorRate,
      minOperations: positive('alarmMinOperations', params.alarmMinOperations, DEFAULT_THRESHOLDS.minOperations),
    },
  };
}
