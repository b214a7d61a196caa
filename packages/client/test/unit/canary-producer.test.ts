import { describe, expect, it } from 'vitest';
import { FakeProducers, fakeFactory } from '../../../../test/support/fakes/fake-kafka-clients.ts';
import { FakeRouting } from '../../../../test/support/fakes/fake-routing.ts';
import { flushPromises } from '../../../../test/support/fakes/fake-time.ts';
import { routingDoc } from '../../../../test/support/routing-docs.ts';
import { CanaryProducer } from '../../src/canary-producer.ts';
import { PartialSendError } from '../../src/errors.ts';
import { at, connections, idle, record, setup, unitIn } from '../support/canary-producer-setup.ts';

describe('CanaryProducer', () => {
  it('asks the factory for producers with kafkajs retries off, and sends where the document routes the instance', async () => {
    // Prepare
    const { producer, producers } = await setup({ doc: at(2, 20) });
    producers.auto = true;

    // Act
    const metadata = await producer.send(record('a'));

    // Assess
    expect(producers.created).toEqual([{ cluster: 'green', config: { retry: { retries: 0 }, idempotent: false } }]);
    expect(producers.sends.map((s) => s.cluster)).toEqual(['green']);
    expect(metadata).toEqual([{ topicName: 'green', partition: 0, errorCode: 0 }]);
  });

  it('prewarms the cluster it does not use yet, ignoring a failure there', async () => {
    // Prepare
    const routing = new FakeRouting(idle);
    const producers = new FakeProducers();
    producers.failConnect.green = new Error('green not provisioned yet');
    const producer = new CanaryProducer({ routing, instanceId: 'i', clusters: connections, kafkaFactory: fakeFactory(producers.factory) });

    // Act
    await producer.connect();
    await flushPromises();

    // Assess
    expect(producers.connects.sort()).toEqual(['blue', 'green']);
    expect(producer.route()).toEqual({ revision: 1, greenPercent: 0, clusters: ['blue'] });
  });

  it('disconnects blue once the document is complete, and never prewarms it then', async () => {
    // Prepare
    const { producer, producers, routing } = await setup({ doc: at(2, 100), prewarm: true });
    await flushPromises();
    const before = [...producers.connects].sort();

    // Act
    routing.set(routingDoc(3, 100, { blue: false, green: true }));
    await flushPromises();
    producers.auto = true;
    await producer.send(record('a'));
    const late = new FakeProducers();
    const fresh = new CanaryProducer({
      routing: new FakeRouting(routingDoc(3, 100, { blue: false, green: true })),
      instanceId: 'i',
      clusters: connections,
      kafkaFactory: fakeFactory(late.factory),
    });
    await fresh.connect();
    await flushPromises();

    // Assess
    expect(before).toEqual(['blue', 'green']);
    expect(producers.disconnects).toEqual(['blue']);
    expect(producers.sends.map((s) => s.cluster)).toEqual(['green']);
    expect(late.connects).toEqual(['green']);
  });

  it('sends the first send of a topic on a fresh connection alone, then the others in order', async () => {
    // Prepare
    const { producer, producers } = await setup();

    // Act
    const sends = ['a', 'b', 'c'].map((key) => producer.send(record(key)));
    await flushPromises();
    const whilePilotPending = producers.pending().length;
    producers.pending()[0]?.resolve();
    await flushPromises();
    const afterPilot = producers.pending().length;
    for (const s of producers.pending()) s.resolve();
    await Promise.all(sends);

    // Assess
    expect(whilePilotPending).toBe(1);
    expect(afterPilot).toBe(2);
    expect(producers.sends.map((s) => (s.payload as { messages: { key: string }[] }).messages[0]?.key)).toEqual(['a', 'b', 'c']);
  });

  it('rethrows the Kafka client error object unchanged and counts it', async () => {
    // Prepare
    const { producer, producers, operations } = await setup();
    const kafkaError = Object.assign(new Error('Closed connection'), { name: 'KafkaJSNumberOfRetriesExceeded', retriable: false });

    // Act
    const sent = producer.send(record('a', 'b'));
    await flushPromises();
    producers.pending()[0]?.reject(kafkaError);
    const thrown = await sent.catch((e: unknown) => e);

    // Assess
    expect(thrown).toBe(kafkaError);
    expect(operations).toEqual([expect.objectContaining({ role: 'producer', cluster: 'blue', operations: 2, errors: 2, error: kafkaError })]);
  });

  it('in key mode routes each message by its key and null keys by the instance', async () => {
    // Prepare
    const greenKey = unitIn(0, 2_000, 'key');
    const blueKey = unitIn(8_000, 10_000, 'key');
    const { producer, producers } = await setup({ mode: 'key', doc: at(2, 50), instanceId: unitIn(9_000, 10_000) });
    producers.auto = true;

    // Act
    await producer.send(record(greenKey, blueKey, null, greenKey));

    // Assess
    const byCluster = Object.fromEntries(
      producers.sends.map((s) => [s.cluster, (s.payload as { messages: { key: string | null }[] }).messages.map((m) => m.key)]),
    );
    expect(byCluster).toEqual({ green: [greenKey, greenKey], blue: [blueKey, null] });
  });

  it('in key mode reports a send that failed on one cluster only as a PartialSendError', async () => {
    // Prepare
    const greenKey = unitIn(0, 2_000, 'key');
    const blueKey = unitIn(8_000, 10_000, 'key');
    const { producer, producers } = await setup({ mode: 'key', doc: at(2, 50) });
    const kafkaError = new Error('broker down');

    // Act
    const sent = producer.sendBatch({ topicMessages: [record(greenKey, blueKey)] });
    await flushPromises();
    for (const s of producers.pending()) s.cluster === 'green' ? s.reject(kafkaError) : s.resolve();
    const thrown = await sent.catch((e: unknown) => e);

    // Assess
    expect(thrown).toBeInstanceOf(PartialSendError);
    expect(thrown).toMatchObject({ cause: kafkaError, acknowledged: [{ cluster: 'blue' }], failed: [{ cluster: 'green', result: kafkaError }] });
  });

  it('surfaces a failed connection of the new cluster on the sends that need it, then recovers', async () => {
    // Prepare
    const { producer, producers, routing } = await setup();
    const refused = new Error('ECONNREFUSED');
    producers.failConnect.green = refused;
    producers.auto = true;

    // Act
    routing.set(at(2, 100));
    const first = await producer.send(record('a')).catch((e: unknown) => e);
    producers.failConnect.green = undefined;
    const second = await producer.send(record('b'));

    // Assess
    expect(first).toBe(refused);
    expect(second).toEqual([{ topicName: 'green', partition: 0, errorCode: 0 }]);
  });

  it('refuses sends before connect and after disconnect, and awaits in-flight sends on disconnect', async () => {
    // Prepare
    const routing = new FakeRouting(idle);
    const unconnected = new CanaryProducer({ routing, instanceId: 'i', clusters: connections, kafkaFactory: fakeFactory(new FakeProducers().factory) });
    const { producer, producers } = await setup();
    const inFlight = producer.send(record('a'));
    await flushPromises();

    // Act
    const closing = producer.disconnect();
    await flushPromises();
    const disconnectedBeforeAck = producers.disconnects.length;
    producers.pending()[0]?.resolve();
    await Promise.all([inFlight, closing]);

    // Assess
    await expect(unconnected.send(record('x'))).rejects.toThrow('connect() was not called');
    await expect(producer.send(record('y'))).rejects.toMatchObject({ name: 'ClientClosedError' });
    expect(disconnectedBeforeAck).toBe(0);
    expect(producers.disconnects).toEqual(['blue']);
  });
});
