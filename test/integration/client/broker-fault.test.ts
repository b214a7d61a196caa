import type { CanaryConsumer, CanaryProducer, ClusterStateEvent } from '@kraft-canary/client';
import { PartialSendError } from '@kraft-canary/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BlueGreen,
  Checkpoint,
  canaryProducer,
  GROUP_ID,
  groupStable,
  Ledger,
  leaderFor,
  produceLoad,
  RoutingDriver,
  reach,
  startBlueGreen,
  startLedgerConsumer,
  unitIn,
} from '../../support/client-harness.ts';

const PER_PRODUCER = 3_000;

/**
 * A green broker goes down while services send at 50 %: callers see errors, blue carries on.
 * The broker is one that leads a partition of the load; the group's coordinator stays up.
 */
describe('green broker fault', () => {
  let env: BlueGreen;
  const driver = new RoutingDriver();
  const ledger = new Ledger();
  let consumer: CanaryConsumer;
  const states: ClusterStateEvent[] = [];
  const producers: { name: string; producer: CanaryProducer }[] = [];
  const onBlue = unitIn(5_000, 10_000, 'svc');
  let broker: number;

  beforeAll(async () => {
    env = await startBlueGreen();
    // Every batch of the load carries each of its 16 keys, so the broker leading key-0's partition
    // takes part in every batch sent to green.
    broker = await leaderFor(env.connections.green, 'key-0');
    await env.green.setGroupCoordinator(GROUP_ID, env.green.brokerIds.find((id) => id !== broker) as number);
    await driver.publish(50, { blue: true, green: true });
    consumer = await startLedgerConsumer(driver, env, ledger);
    // The group is stable on both clusters before the load: a member that fails while the group
    // forms (a busy machine makes that likelier) rejoins, and the rebalance that follows
    // redelivers what was not yet committed, which this test allows only to green's consumer
    // after green's fault. States are recorded from then on: blue's consumer must not fail.
    await reach('a stable group on both clusters', () => groupStable([consumer], ['blue', 'green']), 60_000);
    consumer.events.on('cluster', (e) => states.push(e));
    for (const [name, mode] of [
      [onBlue, 'instance'],
      [unitIn(0, 5_000, 'svc'), 'instance'],
      ['keyed-1', 'key'],
    ] as const) {
      const producer = canaryProducer(driver, env, name, mode);
      await producer.connect();
      producers.push({ name, producer });
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled(producers.map((p) => p.producer.disconnect()));
    await consumer?.disconnect();
    driver.stop();
    await env?.stop();
  });

  it('surfaces every failure to the caller, drops nothing silently, and keeps blue consuming', { timeout: 300_000 }, async () => {
    // Prepare: every wait below is bounded; the test's timeout is above their sum, so a stall fails
    // with what it waited for.
    const total = PER_PRODUCER * producers.length;
    const outcomes = () => ledger.acked.size + ledger.failed.size;
    const onBlueConsumed = () => ledger.consumed.filter((m) => m.cluster === 'blue').length;
    // The fault lands before the load passes 3/8, and the broker returns before it passes 7/8,
    // and only after a send has failed on it: a send to the downed broker fails only once kafkajs
    // gives up on its connection, and an outage that ended before that would prove nothing.
    const [whileDown, afterUp] = [new Checkpoint((PER_PRODUCER * 3) / 8), new Checkpoint((PER_PRODUCER * 7) / 8)];
    const load = Promise.all(
      producers.map(({ name, producer }) =>
        produceLoad(producer, ledger, { name, total: PER_PRODUCER, keys: 16, batch: 20, window: 2, pauseMs: 2, checkpoints: [whileDown, afterUp] }),
      ),
    );

    // Act
    await reach('a quarter of the sends settled', () => outcomes() >= total / 4);
    await env.green.brokerDown(broker);
    const blueBefore = onBlueConsumed();
    whileDown.open();
    await reach(`the first send failing on green while its broker ${broker} is down`, () => ledger.failed.size > 0, 60_000);
    await reach('500 more messages consumed from blue while green is down', () => onBlueConsumed() >= blueBefore + 500);
    await reach('three quarters of the sends settled', () => outcomes() >= (total * 3) / 4, 60_000);
    const failedWhileDown = ledger.failed.size;
    await env.green.brokerUp(broker);
    afterUp.open();
    await load;
    await reach('every acknowledged message consumed', () => ledger.lost().length === 0, 60_000, 100);

    // Assess
    expect(failedWhileDown).toBeGreaterThan(0);
    expect(outcomes()).toBe(total);
    expect(ledger.errors.every((e) => (e instanceof PartialSendError ? (e.cause as Error) : (e as Error)).name.startsWith('KafkaJS'))).toBe(true);
    expect([...ledger.failed].some((id) => id.startsWith(`${onBlue}/`))).toBe(false);
    expect(ledger.lost()).toEqual([]);
    expect(ledger.unaccounted()).toEqual([]);
    // The producers never retry, so no message is written twice.
    expect(ledger.writtenTwice()).toEqual([]);
    // Green's consumer may fail when its fetches to the downed broker run out of retries, and
    // then rejoins: at-least-once on a membership change (docs/client.md §6) lets it re-handle
    // what it had not committed, on green only, within the bound the rollback test allows.
    const redelivered = ledger.redelivered();
    const greenFailed = states.some((s) => s.cluster === 'green' && s.state === 'failed');
    expect(redelivered.filter((m) => m.cluster !== 'green' || !greenFailed)).toEqual([]);
    expect(redelivered.length).toBeLessThanOrEqual(total / 100);
    expect(states.filter((s) => s.cluster === 'blue' && s.state === 'failed')).toEqual([]);
  });
});
