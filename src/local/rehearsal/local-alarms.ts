import { CLIENT_METRICS } from '@kraft-canary/client/contract';
import { type AlarmConfig, DEFAULT_THRESHOLDS } from '../../alarms/alarm-config.ts';
import { type AlarmDefinition, alarmDefinitions } from '../../alarms/definitions.ts';
import { compositeAlarmName, migrationAlarmPrefix } from '../../domain/alarm-names.ts';
import { clusterNames } from '../../domain/metric-names.ts';
import type { Plan } from '../../domain/plan.ts';
import { type AlarmEvaluation, evaluateAlarm } from '../alarm-evaluator.ts';
import type { LocalMetrics } from './local-metrics.ts';

export const REHEARSAL_ALARM_PREFIX = 'kraft-canary-rehearsal';
const LOCAL_REGION_ACCOUNT = 'local:000000000000';

/**
 * The deployed alarms of the rehearsal's migration. The client error alarm judges a minute
 * only above 100 operations; the rehearsal's periods are `speed` times shorter, so that floor
 * shrinks with them (never below 5 operations, below which a ratio says nothing).
 */
export function rehearsalAlarmConfig(plan: Plan, lag: AlarmConfig['lag'], speed: number, brokerCount: number): AlarmConfig {
  const names = clusterNames(plan);
  return {
    migration: plan.migration,
    namePrefix: REHEARSAL_ALARM_PREFIX,
    namespace: CLIENT_METRICS.defaultNamespace,
    blue: { arn: plan.clusters.blue.arn, name: names.blue },
    green: { arn: plan.clusters.green.arn, name: names.green, brokerCount },
    lag,
    thresholds: { ...DEFAULT_THRESHOLDS, minOperations: Math.max(5, Math.round(DEFAULT_THRESHOLDS.minOperations / speed)) },
  };
}

/** What EventBridge delivers to the rollback function when the composite alarm goes to ALARM. */
export function compositeAlarmEvent(config: AlarmConfig, triggering: readonly AlarmEvaluation[], at: number) {
  const arn = (name: string) => `arn:aws:cloudwatch:${LOCAL_REGION_ACCOUNT}:alarm:${name}`;
  const name = compositeAlarmName(config.namePrefix, config.migration);
  return {
    source: 'aws.cloudwatch',
    'detail-type': 'CloudWatch Alarm State Change',
    time: new Date(at).toISOString(),
    detail: {
      alarmName: name,
      state: {
        value: 'ALARM',
        reason: `${triggering.map((a) => a.name).join(', ')} in ALARM`,
        reasonData: JSON.stringify({ triggeringAlarms: triggering.map((a) => ({ arn: arn(a.name), state: { value: 'ALARM' } })) }),
      },
    },
  };
}

export interface AlarmWatchOptions {
  readonly config: AlarmConfig;
  readonly metrics: LocalMetrics;
  /** Called once, when the composite alarm first goes to ALARM, with the EventBridge event. */
  readonly onAlarm: (event: ReturnType<typeof compositeAlarmEvent>, triggering: readonly AlarmEvaluation[]) => void;
}

/**
 * Evaluates the migration's alarm definitions (the ones serverless.yml deploys) on the local
 * metrics, with periods shortened like every other rehearsal time, and raises the composite
 * alarm's event the way the alarm rule would.
 */
export class AlarmWatch {
  readonly #options: AlarmWatchOptions;
  readonly #definitions: AlarmDefinition[];
  readonly #states: Record<string, AlarmEvaluation['state']> = {};
  #fired = false;

  constructor(options: AlarmWatchOptions) {
    this.#options = options;
    const { metrics } = options;
    this.#definitions = alarmDefinitions(options.config).map((def) => ({ ...def, periodSeconds: metrics.periodMs(def.periodSeconds) / 1000 }));
  }

  get alarmPrefix(): string {
    return migrationAlarmPrefix(this.#options.config.namePrefix, this.#options.config.migration);
  }

  /** Evaluates every alarm at `at`; returns those in ALARM. */
  evaluate(at: number): AlarmEvaluation[] {
    const { metrics } = this.#options;
    const source = (m: AlarmDefinition['metrics'][number], start: number, end: number) => metrics.points(m.namespace, m.metricName, m.dimensions, start, end);
    const results = this.#definitions.map((def) => evaluateAlarm(def, source, at, this.#states[def.name]));
    for (const r of results) this.#states[r.name] = r.state;
    const triggering = results.filter((r) => r.state === 'ALARM');
    if (triggering.length > 0 && !this.#fired) {
      this.#fired = true;
      this.#options.onAlarm(compositeAlarmEvent(this.#options.config, triggering, at), triggering);
    }
    return triggering;
  }
}
