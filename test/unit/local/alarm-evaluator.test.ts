import { describe, expect, it } from 'vitest';
import { alarmConfigFrom } from '../../../src/alarms/alarm-config.ts';
import { type AlarmDefinition, alarmDefinitions } from '../../../src/alarms/definitions.ts';
import { evaluateAlarm, evaluateMigrationAlarms, type MetricSource } from '../../../src/local/alarm-evaluator.ts';

const config = alarmConfigFrom({
  migration: 'orders-kraft',
  namePrefix: 'kraft-canary-local',
  blueClusterArn: 'arn:aws:kafka:eu-west-1:111122223333:cluster/orders-zk/0b0e8a8e-1c2d-4e5f-8a9b-0c1d2e3f4a5b-1',
  greenClusterArn: 'arn:aws:kafka:eu-west-1:111122223333:cluster/orders-kraft/7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2910-2',
  lagWatch: 'orders-service:orders',
});
const defs = alarmDefinitions(config);
const byName = (part: string): AlarmDefinition => {
  const def = defs.find((d) => d.name.endsWith(part));
  if (def === undefined) throw new Error(`no alarm ${part}`);
  return def;
};
const MINUTE = 60_000;
const AT = 100 * MINUTE;

/** One value per minute for the given metric name (and optional dimension match), oldest first, ending at AT. */
const series =
  (metricName: string, values: readonly (number | null)[], match: Record<string, string> = {}): MetricSource =>
  (metric, start, end) => {
    if (metric.metricName !== metricName) return [];
    if (!Object.entries(match).every(([k, v]) => metric.dimensions[k] === v)) return [];
    return values.flatMap((v, i) => {
      const at = AT - (values.length - i) * MINUTE + 1000;
      return v !== null && at >= start && at < end ? [{ at, value: v }] : [];
    });
  };

describe('local alarm evaluator (the deployed definitions, evaluated over metric points)', () => {
  it.each([
    { name: 'lag above the threshold in 3 of 5 minutes', values: [0, 20_000, 20_000, 0, 20_000], state: 'ALARM' },
    { name: 'one lag spike after a rebalance', values: [0, 0, 20_000, 0, 0], state: 'OK' },
    { name: 'lag series gone during a rebalance, two breaches left', values: [null, 20_000, null, null, 20_000], state: 'OK' },
    { name: 'lag series gone for the whole window', values: [null, null, null, null, null], state: 'INSUFFICIENT_DATA' },
  ])('green offset lag: $name → $state', ({ values, state }) => {
    // Act
    const result = evaluateAlarm(byName('lag.green.orders-service.offset-lag'), series('MaxOffsetLag', values, { 'Cluster Name': 'orders-kraft' }), AT);
    // Assess
    expect(result.state).toBe(state);
  });

  it.each([
    { name: '5 % producer errors for 2 of 3 minutes', errors: [50, 50, 0], ops: [1000, 1000, 1000], state: 'ALARM' },
    { name: 'errors under the minimum volume', errors: [5, 5, 5], ops: [10, 10, 10], state: 'OK' },
    { name: 'no client traffic at all', errors: [null, null, null], ops: [null, null, null], state: 'OK' },
  ])('green client errors: $name → $state', ({ errors, ops, state }) => {
    // Prepare
    const errorSource = series('ClientErrors', errors, { Role: 'producer' });
    const opsSource = series('ClientOperations', ops, { Role: 'producer' });
    const source: MetricSource = (m, s, e) => [...errorSource(m, s, e), ...opsSource(m, s, e)];
    // Act
    const result = evaluateAlarm(byName('client-errors.green.producer'), source, AT);
    // Assess
    expect(result.state).toBe(state);
  });

  it('a KRaft cluster that never reports ActiveControllerCount is not an alarm', () => {
    // Act
    const result = evaluateAlarm(byName('cluster-health.green.no-active-controller'), () => [], AT);
    // Assess
    expect(result.state).toBe('OK');
  });

  it('the composite goes to ALARM with the triggering alarm named', () => {
    // Prepare
    const source = series('OfflinePartitionsCount', [0, 3, 3], { 'Cluster Name': 'orders-kraft' });
    // Act
    const result = evaluateMigrationAlarms(config, source, AT);
    // Assess
    expect(result.composite).toEqual({
      name: 'kraft-canary-local.orders-kraft.rollback',
      state: 'ALARM',
      triggering: ['kraft-canary-local.orders-kraft.cluster-health.green.offline-partitions'],
    });
  });

  it('the composite stays OK while every child is OK or without data', () => {
    // Act
    const result = evaluateMigrationAlarms(config, () => [], AT);
    // Assess
    expect(result.composite.state).toBe('OK');
    expect(result.alarms.length).toBe(defs.length);
  });
});
