import { describe, expect, it } from 'vitest';
import { parseRollbackEvent } from '../../../../src/controller/rollback/rollback-request.ts';
import { AlarmWatch, rehearsalAlarmConfig } from '../../../../src/local/rehearsal/local-alarms.ts';
import { LocalMetrics } from '../../../../src/local/rehearsal/local-metrics.ts';
import { loadRehearsalPlan } from '../../../../src/local/rehearsal/rehearsal-plan.ts';

const plan = () => {
  const loaded = loadRehearsalPlan(undefined, 'built-in plan');
  if (!loaded.ok) throw new Error(loaded.error.message);
  return loaded.value;
};

function setup() {
  const metrics = new LocalMetrics({ clock: { now: () => 0 }, speed: 100, minPeriodMs: 500 });
  const config = rehearsalAlarmConfig(plan(), [{ group: 'svc-1-consumers', topics: ['rehearsal.svc-1'] }], 100, 3);
  const fired: unknown[] = [];
  const watch = new AlarmWatch({ config, metrics, onAlarm: (event) => fired.push(event) });
  const producer = (cluster: string, at: number, operations: number, errors: number) =>
    metrics.record(
      'KraftCanary',
      [
        { name: 'ClientOperations', value: operations, dimensions: { Migration: 'rehearsal', Cluster: cluster, Role: 'producer' } },
        { name: 'ClientErrors', value: errors, dimensions: { Migration: 'rehearsal', Cluster: cluster, Role: 'producer' } },
      ],
      at,
    );
  return { config, watch, fired, producer };
}

describe('rehearsalAlarmConfig', () => {
  it.each([
    { speed: 1, minOperations: 100 },
    { speed: 10, minOperations: 10 },
    { speed: 100, minOperations: 5 },
  ])('shrinks the error alarm floor with speed $speed', ({ speed, minOperations }) => {
    // Act
    const config = rehearsalAlarmConfig(plan(), [{ group: 'g', topics: ['t'] }], speed, 3);

    // Assess
    expect(config.thresholds.minOperations).toBe(minOperations);
    expect(config.green).toEqual({ arn: plan().clusters.green.arn, name: 'rehearsal-green', brokerCount: 3 });
  });
});

describe('AlarmWatch', () => {
  it('stays quiet while green serves its sends', () => {
    // Prepare: 600 ms periods at speed 100.
    const { watch, fired, producer } = setup();
    for (let at = 0; at < 3_000; at += 600) producer('green', at, 40, 0);

    // Act
    const triggering = watch.evaluate(3_000);

    // Assess
    expect(triggering).toEqual([]);
    expect(fired).toEqual([]);
  });

  it('raises the composite alarm once when green sends fail, as an event the rollback accepts', () => {
    // Prepare
    const { config, watch, fired, producer } = setup();
    for (let at = 0; at < 3_000; at += 600) producer('green', at, 40, 40);

    // Act
    const triggering = watch.evaluate(3_000);
    watch.evaluate(3_600);
    const parsed = parseRollbackEvent(fired[0], { migration: 'rehearsal', alarmNamePrefix: watch.alarmPrefix });

    // Assess
    expect(triggering.map((a) => a.name)).toEqual(['kraft-canary-rehearsal.rehearsal.client-errors.green.producer']);
    expect(fired).toHaveLength(1);
    expect(parsed.kind).toBe('request');
    if (parsed.kind !== 'request') return;
    expect(parsed.request).toMatchObject({ migration: config.migration, source: 'alarm', clusterInstability: false });
    expect(parsed.request.actor).toBe('alarm:kraft-canary-rehearsal.rehearsal.rollback');
  });
});
