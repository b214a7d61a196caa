import { ClientEvents, emitEmfMetrics, type OperationEvent } from '@kraft-canary/client';
import { describe, expect, it } from 'vitest';
import { readAnalysisCohorts } from '../../../../src/controller/gates/analysis-cohorts.ts';
import { binCounts } from '../../../../src/domain/latency-bins.ts';
import { LocalMetrics, recordEmfLine } from '../../../../src/local/rehearsal/local-metrics.ts';
import { plan } from '../../../support/rollout-fixtures.ts';

const dims = { 'Cluster Name': 'green', 'Consumer Group': 'g', Topic: 't' };
const query = (stat: 'Maximum' | 'Minimum' | 'Sum' | 'Average', dimensions: Record<string, string> = dims) => ({
  id: 'q',
  namespace: 'AWS/Kafka',
  metricName: 'MaxOffsetLag',
  dimensions,
  stat,
  periodSeconds: 60,
});

function metricsWith(values: [number, number][]) {
  const metrics = new LocalMetrics({ clock: { now: () => 0 }, speed: 60, minPeriodMs: 500 });
  for (const [at, value] of values) metrics.record('AWS/Kafka', [{ name: 'MaxOffsetLag', value, dimensions: dims }], at);
  return metrics;
}

describe('LocalMetrics', () => {
  it.each([
    {
      stat: 'Maximum',
      expected: [
        { at: 0, value: 7 },
        { at: 1_000, value: 2 },
        { at: 3_000, value: 9 },
      ],
    },
    {
      stat: 'Minimum',
      expected: [
        { at: 0, value: 3 },
        { at: 1_000, value: 2 },
        { at: 3_000, value: 9 },
      ],
    },
    {
      stat: 'Sum',
      expected: [
        { at: 0, value: 10 },
        { at: 1_000, value: 2 },
        { at: 3_000, value: 9 },
      ],
    },
    {
      stat: 'Average',
      expected: [
        { at: 0, value: 5 },
        { at: 1_000, value: 2 },
        { at: 3_000, value: 9 },
      ],
    },
  ] as const)('aggregates per scaled period with $stat, leaving empty periods out', async ({ stat, expected }) => {
    // Prepare: speed 60 turns a 60 s period into 1 s.
    const metrics = metricsWith([
      [100, 7],
      [900, 3],
      [1_500, 2],
      [3_200, 9],
      [9_000, 1],
    ]);

    // Act
    const result = await metrics.read([query(stat)], 0, 5_000);

    // Assess
    expect(result).toEqual({ q: expected });
  });

  it('matches a series only on exactly its dimensions, as CloudWatch does', async () => {
    // Prepare
    const metrics = metricsWith([[100, 7]]);

    // Act
    const fewer = await metrics.read([query('Maximum', { 'Cluster Name': 'green' })], 0, 5_000);

    // Assess
    expect(fewer).toEqual({});
  });

  it('never makes a period shorter than the sampling interval', () => {
    // Prepare
    const metrics = new LocalMetrics({ clock: { now: () => 0 }, speed: 10_000, minPeriodMs: 500 });

    // Act
    const period = metrics.periodMs(60);

    // Assess
    expect(period).toBe(500);
  });

  it('stamps put metrics with the clock and lists dimension sets that match', async () => {
    // Prepare
    let now = 1_234;
    const metrics = new LocalMetrics({ clock: { now: () => now }, speed: 1, minPeriodMs: 1 });
    await metrics.put('KraftCanary', [{ name: 'ClientErrors', value: 2, dimensions: { Cluster: 'green', Role: 'producer' } }]);
    now = 2_000;
    await metrics.put('KraftCanary', [{ name: 'ClientErrors', value: 1, dimensions: { Cluster: 'blue', Role: 'producer' } }]);

    // Act
    const sets = await metrics.dimensionSets('KraftCanary', 'ClientErrors', { Role: 'producer' });
    const green = await metrics.read(
      [{ id: 'e', namespace: 'KraftCanary', metricName: 'ClientErrors', dimensions: { Role: 'producer', Cluster: 'green' }, stat: 'Sum', periodSeconds: 60 }],
      0,
      10_000,
    );

    // Assess
    expect(sets).toEqual([
      { Cluster: 'green', Role: 'producer' },
      { Cluster: 'blue', Role: 'producer' },
    ]);
    expect(green).toEqual({ e: [{ at: 0, value: 2 }] });
  });
});

describe('recordEmfLine', () => {
  it('stores the metrics of an Embedded Metric Format line under its dimensions and timestamp', async () => {
    // Prepare
    const metrics = new LocalMetrics({ clock: { now: () => 0 }, speed: 1, minPeriodMs: 1 });
    const line = JSON.stringify({
      _aws: {
        Timestamp: 120_500,
        CloudWatchMetrics: [
          { Namespace: 'KraftCanary', Dimensions: [['Migration', 'Cluster', 'Role']], Metrics: [{ Name: 'ClientErrors' }, { Name: 'ClientOperations' }] },
        ],
      },
      Migration: 'm',
      Cluster: 'green',
      Role: 'producer',
      ClientErrors: 3,
      ClientOperations: 40,
    });

    // Act
    recordEmfLine(metrics, line);
    recordEmfLine(metrics, 'not json');
    const dims = { Migration: 'm', Cluster: 'green', Role: 'producer' };
    const read = await metrics.read(
      [
        { id: 'e', namespace: 'KraftCanary', metricName: 'ClientErrors', dimensions: dims, stat: 'Sum', periodSeconds: 60 },
        { id: 'o', namespace: 'KraftCanary', metricName: 'ClientOperations', dimensions: dims, stat: 'Sum', periodSeconds: 60 },
      ],
      0,
      200_000,
    );

    // Assess
    expect(read).toEqual({ e: [{ at: 120_000, value: 3 }], o: [{ at: 120_000, value: 40 }] });
  });
});

describe("distributions from the client's EMF lines", () => {
  it('serves SampleCount and PR(:x) so that the analysis rebuilds exactly the latencies the client sent', async () => {
    // Prepare: the client's own publisher writes into the local store, as the rehearsal wires it.
    let now = 60_000;
    const clock = { now: () => now };
    const metrics = new LocalMetrics({ clock, speed: 1, minPeriodMs: 1 });
    const producer = { events: new ClientEvents<{ operation: OperationEvent }>() };
    const emf = emitEmfMetrics([producer], {
      migration: 'orders',
      write: (l) => recordEmfLine(metrics, l),
      clock,
      timers: { setTimeout: () => 0, clearTimeout: () => undefined },
    });
    const blue = Array.from({ length: 250 }, (_, i) => 1 + i / 10);
    const green = Array.from({ length: 150 }, (_, i) => 2 + i / 5);

    // Act: two periods of sends, then the analysis' queries over both.
    for (const [i, durationMs] of blue.entries()) {
      if (i === 125) {
        emf.flush();
        now += 60_000;
      }
      producer.events.emit('operation', { role: 'producer', cluster: 'blue', operations: 1, errors: 0, durationMs });
    }
    for (const durationMs of green) producer.events.emit('operation', { role: 'producer', cluster: 'green', operations: 1, errors: 0, durationMs });
    emf.stop();
    const cohorts = await readAnalysisCohorts({ metrics, namespace: 'KraftCanary' }, plan(), { start: 60_000, end: 180_000 });

    // Assess
    expect(cohorts.produceLatency.blue.map((c) => Math.round(c * 1e9) / 1e9)).toEqual(binCounts(blue));
    expect(cohorts.produceLatency.green.map((c) => Math.round(c * 1e9) / 1e9)).toEqual(binCounts(green));
    expect(cohorts.handlingTime.blue.every((c) => c === 0)).toBe(true);
  });
});
