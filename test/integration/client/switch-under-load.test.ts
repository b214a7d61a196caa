import type { CanaryConsumer, CanaryProducer, SwitchEvent } from '@kraft-canary/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BlueGreen,
  Checkpoint,
  canaryProducer,
  groupSettled,
  groupStable,
  isIncreasing,
  Ledger,
  produceLoad,
  RoutingDriver,
  reach,
  startBlueGreen,
  startLedgerConsumer,
  unitIn,
} from '../../support/client-harness.ts';

const PER_PRODUCER = 5_000;
const STAGES = [20, 50, 80, 100] as const;

/**
 * Four services (two per routing mode) produce 20,000 messages while the document moves
 * 0 -> 20 -> 50 -> 80 -> 100; one group consumes both clusters. docs/client.md promises, in
 * both modes: no loss, no duplicate; per producer and key, every blue message is sent before
 * the first green one (buckets only move to green), even with sends in flight during a switch;
 * and each cluster delivers in send order the sends a producer awaited one by one.
 */
describe('switch under load', () => {
  let env: BlueGreen;
  const driver = new RoutingDriver();
  const ledger = new Ledger();
  const consumers: CanaryConsumer[] = [];
  const producers: { name: string; producer: CanaryProducer; mode: 'instance' | 'key'; window: number }[] = [];
  const switches = new Map<string, SwitchEvent[]>();

  beforeAll(async () => {
    env = await startBlueGreen();
    // The group reads both clusters and is stable before the load: membership changes under
    // load redeliver on this mock (see rollback-under-load), and this test counts exactly once.
    await driver.publish(0, { blue: true, green: true });
    consumers.push(...(await Promise.all([1, 2].map(() => startLedgerConsumer(driver, env, ledger)))));
    await reach('a stable group on both clusters, its partitions all held by its two members', () => groupStable(consumers, ['blue', 'green']), 60_000);
    // window 1: each send awaited before the next; window 2: two sends in flight at all times.
    const specs = [
      { name: unitIn(0, 2_000, 'svc'), mode: 'instance' as const, window: 1 },
      { name: unitIn(5_000, 8_000, 'svc'), mode: 'instance' as const, window: 2 },
      { name: 'keyed-1', mode: 'key' as const, window: 1 },
      { name: 'keyed-2', mode: 'key' as const, window: 2 },
    ];
    for (const { name, mode, window } of specs) {
      const producer = canaryProducer(driver, env, name, mode);
      switches.set(name, []);
      producer.events.on('switch', (e) => switches.get(name)?.push(e));
      await producer.connect();
      producers.push({ name, producer, mode, window });
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.allSettled(producers.map((p) => p.producer.disconnect()));
    await Promise.allSettled(consumers.map((c) => c.disconnect()));
    driver.stop();
    await env?.stop();
  });

  it('consumes every message exactly once with the per-key order each mode promises', { timeout: 240_000 }, async () => {
    // Prepare
    expect(groupSettled(consumers, ['blue', 'green'])).toBe(true);

    // Act
    const total = PER_PRODUCER * producers.length;
    const share = (i: number) => (i + 1) / (STAGES.length + 1);
    // Stage i is published once share(i) of the load is acknowledged, before any producer passes
    // halfway to the next share: every stage switches with load still to come, on any machine.
    const checkpoints = STAGES.map((_, i) => new Checkpoint(PER_PRODUCER * (share(i) + 1 / (2 * (STAGES.length + 1)))));
    const load = Promise.all(
      producers.map(({ name, producer, window }) => produceLoad(producer, ledger, { name, total: PER_PRODUCER, keys: 16, batch: 25, window, checkpoints })),
    );
    for (const [i, percent] of STAGES.entries()) {
      await reach(`${Math.round(share(i) * 100)} % of the load acknowledged`, () => ledger.acked.size >= share(i) * total);
      await driver.publish(percent, { blue: true, green: true });
      checkpoints[i]?.open();
    }
    await load;
    await reach('every acknowledged message consumed', () => ledger.uniqueConsumed() >= ledger.acked.size, 60_000);

    // Assess
    expect(ledger.errors).toEqual([]);
    expect(ledger.acked.size).toBe(total);
    expect(ledger.lost()).toEqual([]);
    expect(ledger.duplicated()).toEqual([]);
    expect(ledger.unaccounted()).toEqual([]);
    const awaitedOneByOne = new Set(producers.filter((p) => p.window === 1).map((p) => p.name));
    for (const [unit, { blue, green }] of ledger.sequences()) {
      expect(Math.max(-1, ...blue) < Math.min(Number.POSITIVE_INFINITY, ...green), `${unit} blue before green`).toBe(true);
      if (!awaitedOneByOne.has(unit.split('/')[0] as string)) continue;
      expect(isIncreasing(blue), `${unit} on blue`).toBe(true);
      expect(isIncreasing(green), `${unit} on green`).toBe(true);
    }
    for (const { name, mode } of producers) {
      const moves = switches.get(name) ?? [];
      expect(moves.length, `${name} switches`).toBe(mode === 'instance' ? 1 : STAGES.length);
      expect(new Set(ledger.consumed.filter((m) => m.producer === name).map((m) => m.cluster))).toEqual(new Set(['blue', 'green']));
    }
  });
});
