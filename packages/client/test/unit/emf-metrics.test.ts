import { describe, expect, it } from 'vitest';
import { FakeTime } from '../../../../test/support/fakes/fake-time.ts';
import { ClientEvents } from '../../src/client-events.ts';
import { CLIENT_METRICS } from '../../src/contract/client-metrics.ts';
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
    expect(lines.map((l) => JSON.parse(l)._aws.CloudWatchMetrics[0].Namespace)).toEqual(['Team/Kafka']);
    expect(CLIENT_METRICS).toMatchObject({ errors: 'ClientErrors', operations: 'ClientOperations', defaultNamespace: 'KraftCanary' });
  });
});
