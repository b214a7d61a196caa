import { describe, expect, it } from 'vitest';
import type { RoutingSource } from '../../../../src/ports/index.ts';
import { FakeTime, fixedRandom, flushPromises } from '../../../../test/support/fakes/fake-time.ts';
import { docText, MIGRATION, routingDoc } from '../../../../test/support/routing-docs.ts';
import { RoutingWatcher, type RoutingWatcherEvents } from '../../src/routing-watcher.ts';

const canary20 = docText(routingDoc(3, 20, { blue: true, green: true }));
const canary50 = docText(routingDoc(4, 50, { blue: true, green: true }));

function setup(answers: (() => Promise<string | null>)[], options: { random?: () => number; timeoutMs?: number } = {}) {
  const time = new FakeTime();
  let calls = 0;
  const signals: AbortSignal[] = [];
  const source: RoutingSource = {
    fetch: (signal) => {
      if (signal) signals.push(signal);
      const answer = answers[Math.min(calls, answers.length - 1)] as () => Promise<string | null>;
      calls += 1;
      return answer();
    },
  };
  const watcher = new RoutingWatcher({
    migration: MIGRATION,
    source,
    clock: time,
    timers: time,
    random: options.random ?? fixedRandom(0.5),
    timeoutMs: options.timeoutMs ?? 5_000,
  });
  const seen: { [K in keyof RoutingWatcherEvents]: RoutingWatcherEvents[K][] } = {
    change: [],
    warning: [],
    'read-failed': [],
    'push-fallback': [],
    'push-healthy': [],
    'push-connection': [],
  };
  watcher.events.on('change', (e) => seen.change.push(e));
  watcher.events.on('warning', (e) => seen.warning.push(e));
  watcher.events.on('read-failed', (e) => seen['read-failed'].push(e));
  return { time, watcher, seen, calls: () => calls, signals };
}

const text = (value: string | null) => () => Promise.resolve(value);
const failing = (kind: string) => () =>
  Promise.reject(Object.assign(new Error(kind), { name: 'RoutingSourceReadError', kind, retriable: kind !== 'access-denied' }));

describe('RoutingWatcher', () => {
  it('uses the static default (all blue) while nothing was ever read', async () => {
    // Prepare
    const { watcher, seen } = setup([failing('unavailable')]);

    // Act
    const doc = await watcher.start();

    // Assess
    expect(doc).toMatchObject({ revision: 0, producers: { greenPercent: 0 }, consumers: { blue: true, green: false } });
    expect(watcher.staleness()).toMatchObject({ usingStaticDefault: true, lastConfirmedAt: null, consecutiveFailures: 1 });
    expect(seen.change).toHaveLength(0);
    expect(seen['read-failed'][0]).toMatchObject({ kind: 'unavailable', retriable: true, keptRevision: 0 });
    watcher.stop();
  });

  it('emits a change with the old and new route, revision and reason', async () => {
    // Prepare
    const { watcher, seen } = setup([text(canary20), text(canary50)]);

    // Act
    await watcher.start();
    await watcher.refresh();

    // Assess
    expect(seen.change.map((c) => [c.previous.producers.greenPercent, c.current.producers.greenPercent, c.revision, c.reason])).toEqual([
      [0, 20, 3, 'stage 20'],
      [20, 50, 4, 'stage 50'],
    ]);
    expect(seen.change.map((c) => c.fromStaticDefault)).toEqual([true, false]);
    watcher.stop();
  });

  it.each([
    ['malformed JSON', '{"schema":1,', 'malformed-json'],
    ['oversized', `{"pad":"${'x'.repeat(5_000)}"}`, 'oversize'],
    ['an unknown schema', docText({ ...routingDoc(9, 50, { blue: true, green: true }), schema: 2 as 1 }), 'unknown-schema'],
    ['invalid fields', docText({ ...routingDoc(9, 150, { blue: true, green: true }) }), 'invalid'],
    ['another migration', docText(routingDoc(9, 50, { blue: true, green: true }, { migration: 'payments' })), 'wrong-migration'],
    ['an older revision', docText(routingDoc(2, 80, { blue: true, green: true })), 'older-revision'],
    ['the same revision with other content', docText(routingDoc(3, 80, { blue: true, green: true })), 'conflicting-revision'],
    ['a deleted parameter', null, 'missing'],
  ])('keeps the last good document when it reads %s', async (_label, hostile, code) => {
    // Prepare
    const { watcher, seen } = setup([text(canary20), text(hostile)]);
    await watcher.start();

    // Act
    const doc = await watcher.refresh();

    // Assess
    expect(doc.revision).toBe(3);
    expect(seen.change).toHaveLength(1);
    expect(seen.warning).toEqual([expect.objectContaining({ code, keptRevision: 3 })]);
    watcher.stop();
  });

  it('treats an identical re-read as confirmation, not a change', async () => {
    // Prepare
    const { watcher, seen, time } = setup([text(canary20)]);
    await watcher.start();
    await time.advance(10_000);

    // Act
    await watcher.refresh();

    // Assess
    expect(seen.change).toHaveLength(1);
    expect(watcher.staleness()).toMatchObject({ ageMs: 0, lastConfirmedAt: time.now(), usingStaticDefault: false });
    watcher.stop();
  });

  it('shares one in-flight read between concurrent refreshes', async () => {
    // Prepare
    let release: (v: string) => void = () => undefined;
    const { watcher, calls } = setup([() => new Promise<string>((resolve) => (release = resolve))]);

    // Act
    const reads = [watcher.refresh(), watcher.refresh(), watcher.refresh()];
    await flushPromises();
    release(canary20);
    const docs = await Promise.all(reads);

    // Assess
    expect(calls()).toBe(1);
    expect(docs.map((d) => d.revision)).toEqual([3, 3, 3]);
  });

  it('aborts a read that outlives the per-call timeout and keeps the route', async () => {
    // Prepare
    const { watcher, seen, time, signals } = setup([text(canary20), () => new Promise<string>(() => undefined)], { timeoutMs: 2_000 });
    await watcher.refresh();

    // Act
    const read = watcher.refresh();
    await time.advance(2_000);
    const doc = await read;

    // Assess
    expect(doc.revision).toBe(3);
    expect(signals[1]?.aborted).toBe(true);
    expect(seen['read-failed']).toEqual([expect.objectContaining({ kind: 'timeout', errorName: 'RoutingReadTimeoutError', keptRevision: 3 })]);
  });

  it('polls every 15 s ±20 % and backs off exponentially while reads fail', async () => {
    // Prepare
    const { watcher, time, seen } = setup([text(canary20), failing('throttled'), failing('throttled'), failing('throttled'), text(canary20)], {
      random: fixedRandom(0, 1, 1, 1, 0.5),
    });

    // Act
    await watcher.start();
    const delays = [time.pendingDelays()[0]];
    for (let i = 0; i < 4; i++) {
      await time.advance(delays.at(-1) as number);
      delays.push(time.pendingDelays()[0]);
    }
    watcher.stop();

    // Assess: 12 s (jitter at its low end), then 30 s, 60 s, 120 s ceilings, then 15 s again.
    expect(delays).toEqual([12_000, 30_000, 60_000, 120_000, 15_000]);
    expect(seen['read-failed'].map((f) => [f.consecutiveFailures, f.nextPollInMs])).toEqual([
      [1, 30_000],
      [2, 60_000],
      [3, 120_000],
    ]);
    expect(seen.change).toHaveLength(1);
    expect(time.pendingDelays()).toEqual([]);
  });

  it('reports how stale the document in force is', async () => {
    // Prepare
    const { watcher, time } = setup([text(canary20), failing('unavailable')]);
    await watcher.refresh();

    // Act
    await time.advance(40_000);
    await watcher.refresh();

    // Assess
    expect(watcher.staleness()).toMatchObject({ ageMs: 40_000, consecutiveFailures: 1, usingStaticDefault: false });
  });

  it('never lets a throwing listener break a poll', async () => {
    // Prepare
    const { watcher } = setup([text(canary20)]);
    watcher.events.on('change', () => {
      throw new Error('observer bug');
    });

    // Act
    const doc = await watcher.refresh();
    await flushPromises();

    // Assess
    expect(doc.revision).toBe(3);
  });
});
