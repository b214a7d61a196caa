/** The canary producer over fake Kafka clients and a fake routing view, for its unit tests. */
import { FakeProducers, fakeFactory } from '../../../../test/support/fakes/fake-kafka-clients.ts';
import { FakeRouting } from '../../../../test/support/fakes/fake-routing.ts';
import { flushPromises } from '../../../../test/support/fakes/fake-time.ts';
import { MIGRATION, routingDoc } from '../../../../test/support/routing-docs.ts';
import { CanaryProducer, type SwitchEvent } from '../../src/canary-producer.ts';
import { bucketOf } from '../../src/contract/bucket.ts';
import type { OperationEvent } from '../../src/operation-event.ts';

export const idle = routingDoc(1, 0, { blue: true, green: false });
export const at = (revision: number, percent: number) => routingDoc(revision, percent, { blue: true, green: true });
export const connections = { blue: { brokers: ['blue:9092'] }, green: { brokers: ['green:9092'] } };

/** A unit whose bucket lies in [low, high): it moves to green once greenPercent passes low/100. */
export function unitIn(low: number, high: number, prefix = 'unit'): string {
  for (let i = 0; ; i++) {
    const bucket = bucketOf(MIGRATION, `${prefix}-${i}`);
    if (bucket >= low && bucket < high) return `${prefix}-${i}`;
  }
}

export async function setup(options: { mode?: 'instance' | 'key'; instanceId?: string; doc?: ReturnType<typeof routingDoc>; prewarm?: boolean } = {}) {
  const routing = new FakeRouting(options.doc ?? idle);
  const producers = new FakeProducers();
  const producer = new CanaryProducer({
    routing,
    instanceId: options.instanceId ?? unitIn(0, 2_000),
    mode: options.mode,
    clusters: connections,
    kafkaFactory: fakeFactory(producers.factory),
    prewarm: options.prewarm ?? false,
  });
  const switches: SwitchEvent[] = [];
  const operations: OperationEvent[] = [];
  producer.events.on('switch', (e) => switches.push(e));
  producer.events.on('operation', (e) => operations.push(e));
  await producer.connect();
  return { routing, producers, producer, switches, operations };
}

/** One acknowledged send, so the topic is warm on that cluster and later sends go out at once. */
export async function warm(producer: CanaryProducer, producers: FakeProducers): Promise<void> {
  producers.auto = true;
  await producer.send(record('warm-up'));
  producers.auto = false;
  producers.sends.splice(0);
}

export const record = (...keys: (string | null)[]) => ({ topic: 'orders', messages: keys.map((key, i) => ({ key, value: `v${i}` })) });

/** Acknowledges the send in flight on the old route, then every send the switch released. */
export async function acknowledgeInFlightThenQueued(producers: FakeProducers, inFlight: Promise<unknown>, queued: Promise<unknown>): Promise<void> {
  producers.pending()[0]?.resolve();
  await inFlight;
  await flushPromises();
  producers.auto = true;
  for (const s of producers.pending()) s.resolve();
  await queued;
}
