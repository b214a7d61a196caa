import type { EachMessagePayload } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { FakeConsumers, fakeFactory } from '../../../../test/support/fakes/fake-kafka-clients.ts';
import { FakeRouting } from '../../../../test/support/fakes/fake-routing.ts';
import { FakeTime, fixedRandom, flushPromises } from '../../../../test/support/fakes/fake-time.ts';
import { routingDoc } from '../../../../test/support/routing-docs.ts';
import { CanaryConsumer, type CanaryEachMessagePayload } from '../../src/canary-consumer.ts';
import type { ClusterStateEvent } from '../../src/cluster-consumer.ts';
import type { OperationEvent } from '../../src/operation-event.ts';

const idle = routingDoc(1, 0, { blue: true, green: false });
const canary = routingDoc(2, 20, { blue: true, green: true });
const complete = routingDoc(3, 100, { blue: false, green: true });
const connections = { blue: { brokers: ['blue:9092'] }, green: { brokers: ['green:9092'] } };

async function setup(doc = idle, prepare: (consumers: FakeConsumers) => void = () => undefined) {
  const routing = new FakeRouting(doc);
  const consumers = new FakeConsumers();
  prepare(consumers);
  const time = new FakeTime();
  const consumer = new CanaryConsumer({
    routing,
    groupId: 'orders-service',
    clusters: connections,
    kafkaFactory: fakeFactory(consumers.factory),
    consumerConfig: { sessionTimeout: 10_000 },
    restartBackoff: { baseMs: 1_000, maxMs: 8_000 },
    clock: time,
    timers: time,
    random: fixedRandom(1),
  });
  const handled: CanaryEachMessagePayload[] = [];
  const states: ClusterStateEvent[] = [];
  const operations: OperationEvent[] = [];
  consumer.events.on('cluster', (e) => states.push(e));
  consumer.events.on('operation', (e) => operations.push(e));
  await consumer.subscribe({ topics: ['orders'] });
  await consumer.run({ eachMessage: async (payload) => void handled.push(payload) });
  return { routing, consumers, consumer, time, handled, states, operations };
}

const deliver = async (consumer: { runConfig: { eachMessage?: (p: EachMessagePayload) => Promise<void> } | null }, value: string, timestamp?: string) =>
  consumer.runConfig?.eachMessage?.({ topic: 'orders', partition: 0, message: { value: Buffer.from(value), timestamp } } as unknown as EachMessagePayload);

describe('CanaryConsumer', () => {
  it('runs one consumer per listed cluster in one group; green starts from the earliest offset', async () => {
    // Prepare
    const { consumers, routing } = await setup();

    // Act
    routing.set(canary);
    await flushPromises();

    // Assess
    expect(consumers.created.map((c) => [c.cluster, c.spec.groupId, c.spec.fromBeginning, c.subscriptions[0]?.fromBeginning])).toEqual([
      ['blue', 'orders-service', false, false],
      ['green', 'orders-service', true, true],
    ]);
    expect(consumers.created[0]?.spec.config).toMatchObject({ sessionTimeout: 10_000, retry: { restartOnFailure: expect.any(Function) } });
  });

  it('tags each message with its cluster and counts it', async () => {
    // Prepare
    const { consumers, handled, operations } = await setup(canary);

    // Act
    await deliver(consumers.live('green')[0] as never, 'g1');
    await deliver(consumers.live('blue')[0] as never, 'b1');

    // Assess
    expect(handled.map((p) => [p.cluster, String(p.message.value)])).toEqual([
      ['green', 'g1'],
      ['blue', 'b1'],
    ]);
    expect(operations.map((o) => [o.role, o.cluster, o.operations, o.errors])).toEqual([
      ['consumer', 'green', 1, 0],
      ['consumer', 'blue', 1, 0],
    ]);
  });

  it("reports each handled record's delay from its timestamp, skipping stamps it cannot read", async () => {
    // Prepare
    const { consumers, operations, time } = await setup(canary);

    // Act
    await deliver(consumers.live('green')[0] as never, 'g1', String(time.now() - 250));
    await deliver(consumers.live('green')[0] as never, 'g2', String(time.now() + 5));
    await deliver(consumers.live('blue')[0] as never, 'b1', 'not-a-number');

    // Assess
    expect(operations.map((o) => o.endToEndDelaysMs)).toEqual([[250], [0], []]);
  });

  it('reports each group generation with the partitions this member got', async () => {
    // Prepare
    const { consumers, states } = await setup(canary);

    // Act
    consumers.live('green')[0]?.join({ orders: [0, 2, 4] });

    // Assess
    expect(states.at(-1)).toEqual({ cluster: 'green', state: 'joined', partitions: 3, consecutiveFailures: 0 });
  });

  it('stops the blue consumer gracefully when the document drops blue', async () => {
    // Prepare
    const { consumers, routing, consumer, states } = await setup(canary);

    // Act
    routing.set(complete);
    await flushPromises();

    // Assess
    expect(consumers.created.find((c) => c.cluster === 'blue')?.disconnected).toBe(true);
    expect(consumer.clusters()).toEqual(['green']);
    expect(states.at(-1)).toMatchObject({ cluster: 'blue', state: 'stopped' });
  });

  it('isolates a failing cluster: reports, restarts with back-off, and the other keeps consuming', async () => {
    // Prepare
    const refused = new Error('ECONNREFUSED');
    const { consumers, time, states, handled } = await setup(canary, (c) => {
      c.failConnect.green = refused;
    });

    // Act
    await deliver(consumers.live('blue')[0] as never, 'b1');
    await time.advance(1_000);
    await time.advance(2_000);
    consumers.failConnect.green = undefined;
    await time.advance(4_000);

    // Assess
    const green = states.filter((s) => s.cluster === 'green');
    expect(green.map((s) => [s.state, s.restartInMs])).toEqual([
      ['failed', 1_000],
      ['failed', 2_000],
      ['failed', 4_000],
      ['running', undefined],
    ]);
    expect(green[0]?.error).toBe(refused);
    expect(consumers.live('green')).toHaveLength(1);
    expect(handled.map((p) => p.cluster)).toEqual(['blue']);
    expect(consumers.live('blue')).toHaveLength(1);
  });

  it('rebuilds a consumer that crashed after it was running', async () => {
    // Prepare
    const { consumers, time, states } = await setup(canary);
    const crashed = consumers.live('green')[0];

    // Act
    crashed?.crash(new Error('coordinator lost'));
    await time.advance(1_000);

    // Assess
    expect(states.filter((s) => s.cluster === 'green').map((s) => s.state)).toEqual(['running', 'failed', 'running']);
    expect(consumers.live('green')).toHaveLength(1);
    expect(consumers.live('green')[0]).not.toBe(crashed);
  });

  it('disconnect stops every cluster and cancels pending restarts', async () => {
    // Prepare
    const { consumers, consumer, time, routing } = await setup(canary, (c) => {
      c.failConnect.green = new Error('down');
    });

    // Act
    await consumer.disconnect();
    routing.set(complete);
    await time.advance(60_000);

    // Assess
    expect(consumers.created.map((c) => c.cluster)).toEqual(['blue', 'green']);
    expect(consumers.created.every((c) => c.disconnected || c.runConfig === null)).toBe(true);
    expect(routing.listeners()).toBe(0);
    expect(consumer.clusters()).toEqual([]);
  });

  it('needs subscribe() before run()', async () => {
    // Prepare
    const consumer = new CanaryConsumer({ routing: new FakeRouting(idle), groupId: 'g', clusters: connections });

    // Act
    const run = consumer.run({ eachMessage: async () => undefined });

    // Assess
    await expect(run).rejects.toThrow('call subscribe() before run()');
  });
});
