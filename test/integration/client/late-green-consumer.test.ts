import type { CanaryConsumer } from '@kraft-canary/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BlueGreen,
  canaryProducer,
  Ledger,
  produceLoad,
  RoutingDriver,
  reach,
  startBlueGreen,
  startLedgerConsumer,
  unitIn,
} from '../../support/client-harness.ts';

/** A group that first reads green after messages landed there starts at the earliest offset. */
describe('late green consumer', () => {
  let env: BlueGreen;
  const driver = new RoutingDriver();
  const ledger = new Ledger();
  let consumer: CanaryConsumer | undefined;

  beforeAll(async () => {
    env = await startBlueGreen();
    await driver.publish(50, { blue: true, green: true });
  });

  afterAll(async () => {
    await consumer?.disconnect();
    driver.stop();
    await env?.stop();
  });

  it('consumes what green received before the group existed there', async () => {
    // Prepare
    const name = unitIn(0, 5_000, 'svc');
    const producer = canaryProducer(driver, env, name, 'instance');
    await producer.connect();
    await produceLoad(producer, ledger, { name, total: 1_000, keys: 8, batch: 50, window: 1 });
    await producer.disconnect();

    // Act
    consumer = await startLedgerConsumer(driver, env, ledger, 'late-joiners');
    await reach('the 1,000 messages consumed', () => ledger.uniqueConsumed() >= 1_000);

    // Assess
    expect(ledger.lost()).toEqual([]);
    expect(new Set(ledger.consumed.map((m) => m.cluster))).toEqual(new Set(['green']));
  });
});
