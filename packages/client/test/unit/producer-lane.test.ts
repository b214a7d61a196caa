import { describe, expect, it } from 'vitest';
import { FakeProducers, fakeFactory } from '../../../../test/support/fakes/fake-kafka-clients.ts';
import { flushPromises } from '../../../../test/support/fakes/fake-time.ts';
import { ClientEvents } from '../../src/client-events.ts';
import type { OperationEvent } from '../../src/operation-event.ts';
import { ProducerLane } from '../../src/producer-lane.ts';

describe('ProducerLane', () => {
  it('reports how long a send took, also when the clock started at 0', async () => {
    // Prepare: a clock at the epoch, as fakes often start
    const clock = { at: 0, now: () => clock.at };
    const producers = new FakeProducers();
    const events = new ClientEvents<{ operation: OperationEvent }>();
    const operations: OperationEvent[] = [];
    events.on('operation', (e) => operations.push(e));
    const lane = new ProducerLane({
      cluster: 'blue',
      factory: fakeFactory(producers.factory),
      connection: { brokers: ['blue:9092'] },
      config: {},
      events,
      clock,
    });
    await lane.connect();
    // Act
    const sent = lane.send({ method: 'send', payload: { topic: 'orders', messages: [{ value: 'a' }] } }, 1);
    await flushPromises();
    clock.at = 25;
    producers.pending()[0]?.resolve();
    await sent;
    // Assess
    expect(operations).toEqual([expect.objectContaining({ cluster: 'blue', operations: 1, errors: 0, durationMs: 25 })]);
  });
});
