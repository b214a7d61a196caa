import type { AlarmConfig } from '../alarms/alarm-config.ts';
import { type AlarmDefinition, alarmDefinitions, compositeDefinition, type Expression, type MetricRef, type Stat } from '../alarms/definitions.ts';
import type { MetricPoint } from '../ports/index.ts';

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** Points of one metric in [start, end) (epoch ms); the rehearsal reads its local metric store. */
export type MetricSource = (metric: MetricRef, start: number, end: number) => readonly MetricPoint[];

export interface AlarmEvaluation {
  readonly name: string;
  readonly state: AlarmState;
  /** One value per evaluated period, oldest first; null where the period had no data. */
  readonly values: readonly (number | null)[];
  readonly threshold: number;
}

export interface MigrationAlarms {
  readonly alarms: readonly AlarmEvaluation[];
  readonly composite: { readonly name: string; readonly state: AlarmState; readonly triggering: readonly string[] };
}

function aggregate(points: readonly MetricPoint[], stat: Stat): number | null {
  if (points.length === 0) return null;
  const values = points.map((p) => p.value);
  if (stat === 'Maximum') return Math.max(...values);
  if (stat === 'Minimum') return Math.min(...values);
  const sum = values.reduce((a, b) => a + b, 0);
  return stat === 'Sum' ? sum : sum / values.length;
}

/** The same metric math CloudFormation gets (see expressionText), point by point. */
export function evaluateExpression(expression: Expression, values: ReadonlyMap<string, number | null>): number | null {
  const present = (ids: readonly string[]) => ids.map((id) => values.get(id) ?? null).filter((v): v is number => v !== null);
  switch (expression.kind) {
    case 'metric':
      return values.get(expression.id) ?? null;
    case 'max': {
      const xs = present(expression.ids);
      return xs.length === 0 ? null : Math.max(...xs);
    }
    case 'sum': {
      const xs = present(expression.ids);
      return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0);
    }
    case 'ratio': {
      const denominator = values.get(expression.denominator) ?? null;
      if (denominator === null) return null;
      return denominator >= expression.minDenominator ? (values.get(expression.numerator) ?? 0) / denominator : 0;
    }
  }
}

const breaches = (def: AlarmDefinition, value: number): boolean => (def.comparison === 'GreaterThanThreshold' ? value > def.threshold : value < def.threshold);

/**
 * CloudWatch's decision over the last `evaluationPeriods` complete periods: ALARM when at
 * least `datapointsToAlarm` breach (missing points counted as the alarm's TreatMissingData
 * says); with no data at all, `missing` gives INSUFFICIENT_DATA and `ignore` keeps the state.
 */
export function evaluateAlarm(def: AlarmDefinition, source: MetricSource, at: number, previous: AlarmState = 'INSUFFICIENT_DATA'): AlarmEvaluation {
  const period = def.periodSeconds * 1000;
  const end = Math.floor(at / period) * period;
  const values = Array.from({ length: def.evaluationPeriods }, (_, i) => {
    const start = end - (def.evaluationPeriods - i) * period;
    const byId = new Map(def.metrics.map((m) => [m.id, aggregate(source(m, start, start + period), m.stat)] as const));
    return evaluateExpression(def.expression, byId);
  });
  const outcome = { name: def.name, values, threshold: def.threshold };
  const verdicts = values.map((v) => {
    if (v !== null) return breaches(def, v);
    if (def.treatMissingData === 'breaching') return true;
    return def.treatMissingData === 'notBreaching' ? false : null;
  });
  const counted = verdicts.filter((v): v is boolean => v !== null);
  if (counted.filter((v) => v).length >= def.datapointsToAlarm) return { ...outcome, state: 'ALARM' };
  if (counted.length > 0) return { ...outcome, state: 'OK' };
  return { ...outcome, state: def.treatMissingData === 'ignore' ? previous : 'INSUFFICIENT_DATA' };
}

/** Every alarm of the migration and its composite, exactly as deployed by serverless.yml. */
export function evaluateMigrationAlarms(
  config: AlarmConfig,
  source: MetricSource,
  at: number,
  previous: Readonly<Record<string, AlarmState>> = {},
): MigrationAlarms {
  const definitions = alarmDefinitions(config);
  const alarms = definitions.map((def) => evaluateAlarm(def, source, at, previous[def.name]));
  const composite = compositeDefinition(config, definitions);
  const triggering = alarms.filter((a) => a.state === 'ALARM').map((a) => a.name);
  return { alarms, composite: { name: composite.name, state: triggering.length > 0 ? 'ALARM' : 'OK', triggering } };
}
