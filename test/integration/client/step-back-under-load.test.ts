import type { CanaryConsumer, CanaryProducer } from '@kraft-canary/client';
import type { RoutingDocument } from '@kraft-canary/client/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Action, applyTransition } from '../../../src/domain/transitions.ts';
import {
  type BlueGreen,
  Checkpoint,
  canaryProducer,
  groupStable,
  isIncreasing,
  Ledger,
  MIGRATION,
  produceLoad,
  RoutingDriver,
  reach,
  startBlueGreen,
  startLedgerConsumer,
  unitIn,
} from '../../support/client-harness.ts';
import { domainPlan } from '../../support/domain-fixtures.ts';

const PER_PRODUCER = 3_000;
const plan = domainPlan({ migration: MIGRATION });

/**
 * An operator's step back under load: 20 → 50 → step back to 20 → 50 again, every document
 * built by the controller's own transitions (applyTransition), so the revision only grows and
 * the lower percentage is a document clients accept. The producer whose bucket lies between
 * 20 % and 50 % moves to green and back to blue; consumers keep reading both clusters.
 */
describe('step back under load', () => {
  let env: BlueGreen;
  const driver = new RoutingDriver();
  const ledger = new Ledger();
  const consumers: CanaryConsumer[] = [];
  const producers: { name: string; producer: CanaryProducer }[] = [];
  const published: RoutingDocument[] = [];
  const bouncing = unitIn(2_000, 5_000, 'svc');

  async function transition(action: Action): Promise<RoutingDocument> {
    const next = applyTransition({ plan, current: published.at(-1) ?? null, at: Date.now(), actor: 'oncall', reason: action.kind }, action);
    if (!next.ok) throw new Error(`${action.kind} refused: ${next.error.code}`);
    published.push(next.value);
    await driver.publishDocument(next.value);
    return next.value;
  }

  beforeAll(async () => {
    env = await startBlueGreen();
    await transition({ kind: 'start' });
    await transition({ kind: 'advance', stageIndex: 0 });
    consumers.push(...(await Promise.all([1, 2].map(() => startLedgerConsumer(driver, env, ledger)))));
    // Membership settles before the load, so that no rebalance can hand a message out twice.
    await reach('both members assigned on both clusters', () => groupStable(consumers, ['blue', 'green']), 60_000);
    const specs = [
      { name: unitIn(0, 2_000, 'svc'), mode: 'instance' as const },
      { name: bouncing, mode: 'instance' as const },
      { name: unitIn(5_000, 10_000, 'svc'), mode: 'instance' as const },
      { name: 'keyed-1', mode: 'key' as const },
    ];
    for (const { name, mode } of specs) {
      const producer = canaryProducer(driver, env, name, mode);
      await producer.connect();
      producers.push({ name, producer });
    }
  });

  afterAll(async () => {
    await Promise.allSettled(producers.map((p) => p.producer.disconnect()));
    await Promise.allSettled(consumers.map((c) => c.disconnect()));
    driver.stop();
    await env?.stop();
  });

  it('loses nothing and writes nothing twice; the bucket that steps back returns to blue in order', { timeout: 240_000 }, async () => {
    // Prepare
    const total = PER_PRODUCER * producers.length;
    const [atFifty, atStepBack, atAgain] = [3 / 8, 5 / 8, 7 / 8].map((f) => new Checkpoint(PER_PRODUCER * f)) as [Checkpoint, Checkpoint, Checkpoint];
    const load = Promise.all(
      producers.map(({ name, producer }) =>
        produceLoad(producer, ledger, { name, total: PER_PRODUCER, keys: 16, batch: 10, window: 1, pauseMs: 10, checkpoints: [atFifty, atStepBack, atAgain] }),
      ),
    );

    // Act
    await reach('a quarter of the load acknowledged', () => ledger.acked.size >= total / 4);
    await transition({ kind: 'advance', stageIndex: 1 });
    atFifty.open();
    await reach('half of the load acknowledged', () => ledger.acked.size >= total / 2);
    const back = await transition({ kind: 'step-back', stageIndex: 0 });
    const ackedAtStepBack = ledger.acked.size;
    atStepBack.open();
    await reach('three quarters of the load acknowledged', () => ledger.acked.size >= (total * 3) / 4);
    await transition({ kind: 'advance', stageIndex: 1 });
    atAgain.open();
    await load;
    await reach('every acknowledged message consumed', () => ledger.uniqueConsumed() >= ledger.acked.size, 60_000);

    // Assess
    expect(published.map((d) => `${d.phase}:${d.producers.greenPercent}@${d.revision}`)).toEqual([
      'idle:0@1',
      'canary:20@2',
      'canary:50@3',
      'canary:20@4',
      'canary:50@5',
    ]);
    expect(back.consumers).toEqual({ blue: true, green: true });
    expect(driver.watchers.every((w) => w.current().revision === 5)).toBe(true);
    expect(ackedAtStepBack).toBeLessThan(total);
    expect(ledger.errors).toEqual([]);
    expect(ledger.failed.size).toBe(0);
    expect(ledger.acked.size).toBe(total);
    expect(ledger.lost()).toEqual([]);
    expect(ledger.writtenTwice()).toEqual([]);
    expect(ledger.unaccounted()).toEqual([]);
    // Stable membership: no rebalance, so nothing is handled twice either.
    expect(ledger.duplicated()).toEqual([]);
    const seqs = ledger.sequences();
    for (const [unit, { blue, green }] of seqs) {
      expect(isIncreasing(blue), `${unit} on blue`).toBe(true);
      expect(isIncreasing(green), `${unit} on green`).toBe(true);
    }
    // The bouncing producer wrote on green at 50 %, back on blue after the step back, and on green again.
    const onGreen = ledger.consumed.filter((m) => m.producer === bouncing && m.cluster === 'green').map((m) => m.seq);
    const onBlue = ledger.consumed.filter((m) => m.producer === bouncing && m.cluster === 'blue').map((m) => m.seq);
    expect(onGreen.length).toBeGreaterThan(0);
    expect(onBlue.filter((seq) => seq > Math.min(...onGreen)).length).toBeGreaterThan(0);
  });
});
