import { CanaryProducer, RoutingWatcher } from '@kraft-canary/client';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryRoutingStore } from '../../../src/local/memory-routing-store.ts';
import { type BlueGreen, startBlueGreen, TOPIC, unitIn } from '../../support/client-harness.ts';
import { MIGRATION, routingDoc } from '../../support/routing-docs.ts';

const GOOD_REVISION = 50;
const good = routingDoc(GOOD_REVISION, 50, { blue: true, green: true });

/** Documents a client must refuse: garbage, broken JSON, oversized, foreign, invalid or older. */
const hostile = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.json().map((j) => j.slice(0, Math.max(1, j.length - 1))),
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.string({ minLength: 4_100, maxLength: 6_000 }).map((pad) => JSON.stringify({ ...good, revision: GOOD_REVISION + 1, reason: pad })),
  fc.integer({ min: 0, max: GOOD_REVISION - 1 }).map((revision) => JSON.stringify({ ...good, revision, producers: { greenPercent: 100 } })),
  fc.integer({ min: GOOD_REVISION + 1, max: 1e9 }).map((revision) => JSON.stringify({ ...good, revision, migration: 'payments' })),
  fc
    .record({
      revision: fc.integer({ min: GOOD_REVISION + 1, max: 1e9 }),
      // Never a legal share: negative, above 100, or more than two decimals.
      greenPercent: fc.oneof(fc.double({ min: -1e6, max: -0.01, noNaN: true }), fc.double({ min: 100.01, max: 1e6, noNaN: true }), fc.constant(12.345)),
      phase: fc.constantFrom('idle', 'canary', 'draining', 'complete', 'rolled-back', 'unknown', ''),
      consumers: fc.record({ blue: fc.boolean(), green: fc.boolean() }),
    })
    .map(({ revision, greenPercent, phase, consumers }) => JSON.stringify({ ...good, revision, phase, producers: { greenPercent }, consumers })),
  fc.constantFrom('null', '[]', '""', '{}', '{"schema":2}', JSON.stringify({ ...good, revision: GOOD_REVISION, reason: 'same revision, other text' })),
);

describe('hostile routing documents', () => {
  let env: BlueGreen;
  const store = new MemoryRoutingStore();
  const watcher = new RoutingWatcher({ migration: MIGRATION, source: store.sourceFor(MIGRATION), pollIntervalMs: 60_000 });
  let canary: CanaryProducer;

  beforeAll(async () => {
    env = await startBlueGreen(2);
    await store.write(MIGRATION, good);
    canary = new CanaryProducer({ routing: watcher, instanceId: unitIn(0, 5_000, 'svc'), clusters: env.connections });
    await canary.connect();
  });

  afterAll(async () => {
    watcher.stop();
    await canary?.disconnect();
    await env?.stop();
  });

  it('never throws and never changes route over 1,000+ random, malformed, oversized and older documents', async () => {
    // Prepare
    let changes = 0;
    let warnings = 0;
    watcher.events.on('change', () => {
      changes += 1;
    });
    watcher.events.on('warning', () => {
      warnings += 1;
    });
    let reads = 0;

    // Act
    await fc.assert(
      fc.asyncProperty(hostile, async (text) => {
        store.writeText(MIGRATION, text);
        const doc = await watcher.refresh();
        reads += 1;
        return doc.revision === GOOD_REVISION && doc.producers.greenPercent === 50;
      }),
      { numRuns: 1_200, seed: 20_260_101 },
    );
    const metadata = await canary.send({ topic: TOPIC, messages: [{ key: 'after', value: 'still routed' }] });

    // Assess
    expect(reads).toBeGreaterThanOrEqual(1_000);
    expect(changes).toBe(0);
    expect(warnings).toBe(reads);
    expect(canary.route()).toEqual({ revision: GOOD_REVISION, greenPercent: 50, clusters: ['green'] });
    expect(metadata[0]?.errorCode).toBe(0);
    expect(watcher.current()).toEqual(good);
  });
});
