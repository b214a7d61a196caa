import { CanaryConsumer, CanaryProducer } from '@kraft-canary/client';
import { describe, expect, it } from 'vitest';
import { readBlueQuiet } from '../../../../src/controller/decommission/blue-connections.ts';
import { ClientConnections } from '../../../../src/local/rehearsal/client-connections.ts';
import { ConnectionCountPublisher } from '../../../../src/local/rehearsal/connection-count-publisher.ts';
import { LocalMetrics } from '../../../../src/local/rehearsal/local-metrics.ts';
import { domainPlan } from '../../../support/domain-fixtures.ts';
import { FakeConsumers, FakeProducers, fakeFactory } from '../../../support/fakes/fake-kafka-clients.ts';
import { FakeRouting } from '../../../support/fakes/fake-routing.ts';
import { FakeTime, fixedRandom, flushPromises } from '../../../support/fakes/fake-time.ts';
import { routingDoc } from '../../../support/routing-docs.ts';

const draining = routingDoc(5, 100, { blue: true, green: true });
const complete = routingDoc(6, 100, { blue: false, green: true });
const clusters = { blue: { brokers: ['blue:9092'] }, green: { brokers: ['green:9092'] } };
const local = (running = true) => ({ running, brokerIds: [1, 2, 3] });
/** The plan's cluster names (payments-zk, payments-kraft), a quiet period of 9 s as a rehearsal at speed 100 has. */
const plan = domainPlan({ decommissionQuietFor: '9s' });
const SAMPLE_MS = 150;

/** One service of the fleet (a canary producer and consumer) on the draining document, its clients counted. */
async function setup() {
  const time = new FakeTime();
  const routing = new FakeRouting(draining);
  const connections = new ClientConnections();
  const factory = connections.wrap(fakeFactory({ ...new FakeProducers().factory, ...new FakeConsumers().factory }));
  const producer = new CanaryProducer({ routing, instanceId: 'svc-1', clusters, kafkaFactory: factory, clock: time });
  const consumer = new CanaryConsumer({
    routing,
    groupId: 'g',
    clusters,
    kafkaFactory: factory,
    restartBackoff: { baseMs: 500, maxMs: 4_000 },
    clock: time,
    timers: time,
    random: fixedRandom(1),
  });
  await producer.connect();
  await consumer.subscribe({ topics: ['orders'] });
  await consumer.run({ eachMessage: async () => undefined });
  await flushPromises();
  const metrics = new LocalMetrics({ clock: time, speed: 100, minPeriodMs: 100 });
  const publisher = new ConnectionCountPublisher({
    connections,
    clusters: { blue: local(), green: local() },
    clusterNames: { blue: 'payments-zk', green: 'payments-kraft' },
    metrics,
    clock: time,
    timers: time,
    intervalMs: SAMPLE_MS,
  });
  const timing = { periodMs: metrics.periodMs(60), publicationDelayPeriods: 0 };
  /** Publishes every SAMPLE_MS from `from` to `to`, as the fleet's timer does. */
  const publishBetween = (from: number, to: number) => {
    for (let at = from; at < to; at += SAMPLE_MS) publisher.publish(at);
  };
  const judge = (now: number) => readBlueQuiet({ metrics, catalog: metrics, timing }, plan, now, 3);
  return { routing, connections, metrics, publishBetween, judge };
}

describe('the rehearsal publishes ClientConnectionCount from the fleet', () => {
  it("drops blue's count to 0 once the fleet read `complete`, and Decommission's read then finds blue quiet after the quiet period", async () => {
    // Prepare
    const world = await setup();
    const connectedBefore = world.connections.count('blue');
    world.publishBetween(0, 10_000);

    // Act
    world.routing.set(complete);
    await flushPromises();
    const connectedAfter = [world.connections.count('blue'), world.connections.count('green')];
    world.publishBetween(10_000, 25_000);
    const tooSoon = await world.judge(15_000);
    const later = await world.judge(25_000);

    // Assess
    expect(connectedBefore).toBe(2);
    expect(connectedAfter).toEqual([0, 2]);
    expect(tooSoon.verdict).toMatchObject({ verdict: 'busy', busy: [{ broker: '1' }, { broker: '2' }, { broker: '3' }] });
    expect(later.verdict).toEqual({ verdict: 'quiet', series: 3, periods: 15 });
  });

  it('publishes per broker and client authentication, and nothing for a cluster that was stopped', async () => {
    // Prepare
    const metrics = new LocalMetrics({ clock: { now: () => 0 }, speed: 1, minPeriodMs: 1 });
    const publisher = new ConnectionCountPublisher({
      connections: { count: (cluster) => (cluster === 'blue' ? 4 : 1) },
      clusters: { blue: local(false), green: local() },
      clusterNames: { blue: 'b', green: 'g' },
      metrics,
      clock: { now: () => 5 },
      timers: { setTimeout: () => 1, clearTimeout: () => undefined },
      intervalMs: 100,
    });

    // Act
    publisher.start();
    publisher.start();
    publisher.stop();

    // Assess
    expect(await metrics.dimensionSets('AWS/Kafka', 'ClientConnectionCount', {})).toEqual(
      [1, 2, 3].map((id) => ({ 'Cluster Name': 'g', 'Broker ID': String(id), 'Client Authentication': 'none' })),
    );
    expect(metrics.points('AWS/Kafka', 'ClientConnectionCount', { 'Cluster Name': 'g', 'Broker ID': '2', 'Client Authentication': 'none' }, 0, 10)).toEqual([
      { at: 5, value: 1 },
    ]);
  });
});
