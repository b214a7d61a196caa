import { describe, expect, it } from 'vitest';
import { FakeTime } from '../../../../test/support/fakes/fake-time.ts';
import { ClientEvents } from '../../src/client-events.ts';
import { CLIENT_METRICS, ROUTING_REVISION_METRIC } from '../../src/contract/client-metrics.ts';
import { emitEmfMetrics } from '../../src/emf-metrics.ts';
import type { OperationEvent } from '../../src/operation-event.ts';

const op = (cluster: 'blue' | 'green', role: 'producer' | 'consumer', operations: number, errors = 0): OperationEvent => ({
  role,
  cluster,
  operations,
  errors,
  durationMs: 1,
});

describe('emitEmfMetrics', () => {
  it('writes ClientOperations and ClientErrors per Migration, Cluster and Role every interval', async () => {
    // Prepare
    const time = new FakeTime(1_000);
    const lines: string[] = [];
    const producer = { events: new ClientEvents<{ operation: OperationEvent }>() };
    const consumer = { events: new ClientEvents<{ operation: OperationEvent }>() };
    const metrics = emitEmfMetrics([producer, consumer], { migration: 'orders-move', write: (l) => lines.push(l), clock: time, timers: time });

    // Act
    producer.events.emit('operation', op('green', 'producer', 100));
    producer.events.emit('operation', op('green', 'producer', 50, 50));
    consumer.events.emit('operation', op('blue', 'consumer', 1));
    await time.advance(60_000);
    const firstFlush = lines.splice(0);
    await time.advance(60_000);
    metrics.stop();

    // Assess
    expect(firstFlush.map((l) => JSON.parse(l))).toEqual([
      {
        _aws: {
          Timestamp: 61_000,
          CloudWatchMetrics: [
            {
              Namespace: 'KraftCanary',
              Dimensions: [['Migration', 'Cluster', 'Role']],
              Metrics: [
                { Name: 'ClientErrors', Unit: 'Count' },
                { Name: 'ClientOperations', Unit: 'Count' },
              ],
            },
          ],
        },
        Migration: 'orders-move',
        Cluster: 'green',
        Role: 'producer',
        ClientErrors: 50,
        ClientOperations: 150,
      },
      expect.objectContaining({ Cluster: 'blue', Role: 'consumer', ClientErrors: 0, ClientOperations: 1 }),
      // Distributions: the successful send's latency on green, the handled message's time on blue.
      expect.objectContaining({ Cluster: 'green', ProduceLatency: [1] }),
      expect.objectContaining({ Cluster: 'blue', HandlingTime: [1] }),
    ]);
    expect(lines).toEqual([]);
    expect(time.pendingDelays()).toEqual([]);
  });

  it('uses the namespace option and flushes what is left on stop', () => {
    // Prepare
    const time = new FakeTime();
    const lines: string[] = [];
    const source = { events: new ClientEvents<{ operation: OperationEvent }>() };
    const metrics = emitEmfMetrics([source], { migration: 'm', namespace: 'Team/Kafka', write: (l) => lines.push(l), clock: time, timers: time });
    source.events.emit('operation', op('blue', 'producer', 3));

    // Act
    metrics.stop();
    source.events.emit('operation', op('blue', 'producer', 3));
    metrics.flush();

    // Assess
    expect(lines.map((l) => JSON.parse(l)._aws.CloudWatchMetrics[0].Namespace)).toEqual(['Team/Kafka', 'Team/Kafka']);
    expect(CLIENT_METRICS).toMatchObject({ errors: 'ClientErrors', operations: 'ClientOperations', defaultNamespace: 'KraftCanary' });
  });

  it('with the routing watcher, writes the RoutingRevision it acts on per Migration every interval, activity or not', async () => {
    // Prepare
    const time = new FakeTime(5_000);
    const lines: string[] = [];
    let revision = 11;
    const routing = { current: () => ({ revision }) };
    const metrics = emitEmfMetrics([], { migration: 'orders-move', routing, write: (l) => lines.push(l), clock: time, timers: time });
    // Act
    await time.advance(60_000);
    revision = 12;
    await time.advance(60_000);
    metrics.stop();
    // Assess
    expect(lines.map((l) => JSON.parse(l))).toEqual(
      [65_000, 125_000, 125_000].map((at, i) => ({
        _aws: {
          Timestamp: at,
          CloudWatchMetrics: [{ Namespace: 'KraftCanary', Dimensions: [['Migration']], Metrics: [{ Name: 'RoutingRevision', Unit: 'None' }] }],
        },
        Migration: 'orders-move',
        RoutingRevision: i === 0 ? 11 : 12,
      })),
    );
    expect(ROUTING_REVISION_METRIC).toEqual({ name: 'RoutingRevision', dimensions: ['Migration'] });
  });

  it('without the routing watcher, writes no RoutingRevision', async () => {
    // Prepare
    const time = new FakeTime();
    const lines: string[] = [];
    const metrics = emitEmfMetrics([], { migration: 'm', write: (l) => lines.push(l), clock: time, timers: time });
    // Act
    await time.advance(60_000);
    metrics.stop();
    // Assess
    expect(lines).toEqual([]);
  });

  it('writes each distribution as value arrays of at most 100 values, one uniform sample of at most maxSamplesPerFlush', async () => {
    // Prepare
    const time = new FakeTime(5_000);
    const lines: string[] = [];
    const producer = { events: new ClientEvents<{ operation: OperationEvent }>() };
    const consumer = { events: new ClientEvents<{ operation: OperationEvent }>() };
    let draws = 0;
    const random = () => (draws++ % 2 === 0 ? 0 : 0.999);
    const metrics = emitEmfMetrics([producer, consumer], {
      migration: 'm',
      write: (l) => lines.push(l),
      clock: time,
      timers: time,
      maxSamplesPerFlush: 250,
      random,
    });

    // Act
    for (let i = 0; i < 400; i++) producer.events.emit('operation', { role: 'producer', cluster: 'green', operations: 1, errors: 0, durationMs: i + 0.123 });
    consumer.events.emit('operation', { role: 'consumer', cluster: 'blue', operations: 2, errors: 0, durationMs: 7.5, endToEndDelaysMs: [40, 41] });
    consumer.events.emit('operation', { role: 'consumer', cluster: 'blue', operations: 0, errors: 1, durationMs: 0 });
    metrics.flush();

    // Assess
    const parsed = lines.map((l) => JSON.parse(l)).filter((l) => !('Role' in l));
    const green = parsed.filter((l) => l.Cluster === 'green');
    expect(green.map((l) => l.ProduceLatency.length)).toEqual([100, 100, 50]);
    expect(green[0]._aws.CloudWatchMetrics[0]).toEqual({
      Namespace: 'KraftCanary',
      Dimensions: [['Migration', 'Cluster']],
      Metrics: [{ Name: 'ProduceLatency', Unit: 'Milliseconds' }],
    });
    const kept = green.flatMap((l) => l.ProduceLatency as number[]);
    // Draws alternate 0 (replace slot 0) and 0.999 (keep): slot 0 ends with the last replacing value, 398, to 0.01 ms.
    expect(kept[0]).toBe(398.12);
    expect(kept.slice(1, 3)).toEqual([1.12, 2.12]);
    expect(new Set(kept).size).toBe(250);
    expect(parsed.filter((l) => l.Cluster === 'blue')).toEqual([expect.objectContaining({ HandlingTime: [7.5], EndToEndDelay: [40, 41], Migration: 'm' })]);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(1_000_000);
    metrics.stop();
  });
});
