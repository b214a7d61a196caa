import { describe, expect, it } from 'vitest';
import { flushPromises } from '../../../../test/support/fakes/fake-time.ts';
import { routingDoc } from '../../../../test/support/routing-docs.ts';
import { acknowledgeInFlightThenQueued, at, record, setup, unitIn, warm } from '../support/canary-producer-setup.ts';

describe('CanaryProducer switching clusters', () => {
  it('awaits every in-flight acknowledgement on the old cluster before sending on the new one', async () => {
    // Prepare
    const { producer, producers, routing, switches } = await setup();
    await warm(producer, producers);
    const first = producer.send(record('a'));
    const second = producer.sendBatch({ topicMessages: [record('b')] });
    await flushPromises();

    // Act
    routing.set(at(2, 20));
    const during = producer.send(record('c'));
    await flushPromises();
    const beforeAcks = producers.sends.map((s) => s.cluster);
    for (const s of producers.pending()) s.resolve();
    await Promise.all([first, second]);
    await flushPromises();
    const afterAcks = producers.sends.map((s) => s.cluster);
    producers.pending()[0]?.resolve();
    await during;

    // Assess
    expect(beforeAcks).toEqual(['blue', 'blue']);
    expect(afterAcks).toEqual(['blue', 'blue', 'green']);
    expect(switches).toEqual([expect.objectContaining({ awaitedInFlight: 2, releasedQueued: 1, from: expect.objectContaining({ clusters: ['blue'] }) })]);
  });

  it('keeps the order of sends issued during a switch', async () => {
    // Prepare
    const { producer, producers, routing } = await setup();
    const inFlight = producer.send(record('a'));
    await flushPromises();
    routing.set(at(2, 100));

    // Act
    const queued = ['q1', 'q2', 'q3'].map((key) => producer.send(record(key)));
    producers.pending()[0]?.resolve();
    await inFlight;
    await flushPromises();
    const later = producer.send(record('q4'));
    producers.auto = true;
    for (const s of producers.pending()) s.resolve();
    await Promise.all([...queued, later]);

    // Assess
    const keys = producers.sends.filter((s) => s.cluster === 'green').map((s) => (s.payload as { messages: { key: string }[] }).messages[0]?.key);
    expect(keys).toEqual(['q1', 'q2', 'q3', 'q4']);
  });

  it('releases the sends queued during a switch on the newest document: a rollback that arrived while draining wins', async () => {
    // Prepare
    const { producer, producers, routing, switches } = await setup();
    await warm(producer, producers);
    const inFlight = producer.send(record('a'));
    await flushPromises();

    // Act
    routing.set(at(2, 20));
    routing.set(routingDoc(3, 0, { blue: true, green: true }, { rolledBack: true }));
    const queued = producer.send(record('b'));
    await flushPromises();
    await acknowledgeInFlightThenQueued(producers, inFlight, queued);

    // Assess
    expect(producers.sends.map((s) => s.cluster)).toEqual(['blue', 'blue']);
    expect(producer.route()).toEqual({ revision: 3, greenPercent: 0, clusters: ['blue'] });
    expect(switches).toEqual([]);
  });

  it('in key mode switches straight to the newest document, releasing nothing on the one it replaced', async () => {
    // Prepare
    const greenAtHalf = unitIn(0, 2_000, 'key');
    const blueAtHalf = unitIn(8_000, 10_000, 'key');
    const { producer, producers, routing, switches } = await setup({ mode: 'key', instanceId: unitIn(9_000, 10_000) });
    await warm(producer, producers);
    const inFlight = producer.send(record(greenAtHalf));
    await flushPromises();

    // Act
    routing.set(at(2, 50));
    routing.set(at(3, 100));
    const queued = producer.send(record(greenAtHalf, blueAtHalf));
    await flushPromises();
    await acknowledgeInFlightThenQueued(producers, inFlight, queued);

    // Assess
    expect(producers.sends.map((s) => s.cluster)).toEqual(['blue', 'green']);
    expect((producers.sends[1]?.payload as { messages?: unknown[] } | undefined)?.messages).toHaveLength(2);
    expect(switches).toEqual([
      expect.objectContaining({
        from: expect.objectContaining({ revision: 1 }),
        to: expect.objectContaining({ revision: 3 }),
        awaitedInFlight: 1,
        releasedQueued: 1,
      }),
    ]);
  });

  it('does not pause for a document that leaves this instance where it is', async () => {
    // Prepare
    const { producer, producers, routing, switches } = await setup({ instanceId: unitIn(9_000, 10_000) });
    await warm(producer, producers);
    const inFlight = producer.send(record('a'));

    // Act
    routing.set(at(2, 50));
    const next = producer.send(record('b'));
    await flushPromises();

    // Assess
    expect(producers.pending().map((s) => s.cluster)).toEqual(['blue', 'blue']);
    expect(switches).toEqual([]);
    for (const s of producers.pending()) s.resolve();
    await Promise.all([inFlight, next]);
  });
});
