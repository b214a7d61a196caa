import { describe, expect, it } from 'vitest';
import { FakePushSource } from '../../../../test/support/fakes/fake-push-source.ts';
import { FakeTime, fixedRandom } from '../../../../test/support/fakes/fake-time.ts';
import { docText, MIGRATION, routingDoc } from '../../../../test/support/routing-docs.ts';
import { emitPushMetrics } from '../../src/push/push-metrics.ts';
import { RoutingWatcher, type RoutingWatcherEvents } from '../../src/routing-watcher.ts';

const both = { blue: true, green: true };
const canary = (revision: number, percent = 20) => docText(routingDoc(revision, percent, both));
const rollback = (revision: number) => docText(routingDoc(revision, 0, both, { rolledBack: true }));

function setup(pollAnswer: () => string | null = () => null) {
  const time = new FakeTime();
  const push = new FakePushSource();
  let polls = 0;
  const watcher = new RoutingWatcher({
    migration: MIGRATION,
    source: {
      fetch: async () => {
        polls += 1;
        return pollAnswer();
      },
    },
    push,
    pollIntervalMs: 15_000,
    antiEntropyIntervalMs: 300_000,
    pushMaxSilenceMs: 90_000,
    jitter: 0,
    clock: time,
    timers: time,
    random: fixedRandom(0.5),
  });
  const seen = {
    change: [] as RoutingWatcherEvents['change'][],
    warning: [] as RoutingWatcherEvents['warning'][],
    fallback: [] as RoutingWatcherEvents['push-fallback'][],
    healthy: [] as RoutingWatcherEvents['push-healthy'][],
  };
  watcher.events.on('change', (e) => seen.change.push(e));
  watcher.events.on('warning', (e) => seen.warning.push(e));
  watcher.events.on('push-fallback', (e) => seen.fallback.push(e));
  watcher.events.on('push-healthy', (e) => seen.healthy.push(e));
  return { time, push, watcher, seen, polls: () => polls };
}

describe('RoutingWatcher with a push source', () => {
  it('keeps the highest accepted revision whichever source brought it', async () => {
    // Prepare
    let ssm = canary(4);
    const { time, push, watcher, seen } = setup(() => ssm);
    await watcher.start();
    // Act
    push.publish(canary(5, 50), time.now());
    await watcher.refresh();
    ssm = canary(6, 80);
    await watcher.refresh();
    push.publish(canary(5, 50), time.now(), 'green');
    // Assess
    expect(seen.change.map((e) => [e.via, e.revision])).toEqual([
      ['poll', 4],
      ['push', 5],
      ['poll', 6],
    ]);
    expect(seen.warning.map((e) => [e.via, e.code, e.keptRevision])).toEqual([
      ['poll', 'older-revision', 5],
      ['push', 'older-revision', 6],
    ]);
    expect(watcher.current().revision).toBe(6);
    await watcher.stop();
  });

  it('lets a rollback win at an equal revision through the precedence rule, from either source', async () => {
    // Prepare
    let ssm = canary(5);
    const { time, push, watcher, seen } = setup(() => ssm);
    await watcher.start();
    // Act
    push.publish(rollback(5), time.now());
    ssm = canary(5, 50);
    await watcher.refresh();
    // Assess
    expect(seen.change.map((e) => [e.via, e.current.phase])).toEqual([
      ['poll', 'canary'],
      ['push', 'rolled-back'],
    ]);
    expect(seen.warning.map((e) => [e.via, e.code])).toEqual([['poll', 'conflicting-revision']]);
    expect(watcher.current().phase).toBe('rolled-back');
    await watcher.stop();
  });

  it('ignores a pushed document that fails acceptance, exactly as one read from SSM', async () => {
    // Prepare
    const { time, push, watcher, seen } = setup(() => canary(3));
    await watcher.start();
    push.connect('blue');
    // Act
    push.publish('{"schema":1', time.now());
    push.publish(docText(routingDoc(9, 50, both, { migration: 'other-move' })), time.now());
    push.publish(canary(2), time.now());
    push.publish('x'.repeat(5_000), time.now());
    // Assess
    expect(seen.warning.map((e) => [e.via, e.code])).toEqual([
      ['push', 'malformed-json'],
      ['push', 'wrong-migration'],
      ['push', 'older-revision'],
      ['push', 'oversize'],
    ]);
    expect(watcher.current().revision).toBe(3);
    expect(watcher.pushHealthy()).toBe(false);
    await watcher.stop();
  });

  it('slows the poll to the anti-entropy interval while push is healthy', async () => {
    // Prepare
    const { time, push, watcher, seen, polls } = setup(() => canary(3));
    await watcher.start();
    // Act
    push.connect('blue');
    push.publish(canary(3), time.now());
    await time.advance(15_000);
    // Assess: the poll already due at 15 s ran, the next one waits 5 minutes.
    expect(seen.healthy).toHaveLength(1);
    expect(polls()).toBe(2);
    expect(time.pendingDelays()).toContain(300_000);
    await watcher.stop();
  });

  it('falls back to the short poll when no cluster is connected, and recovers by itself', async () => {
    // Prepare
    const { time, push, watcher, seen, polls } = setup(() => canary(3));
    await watcher.start();
    push.connect('blue');
    push.connect('green');
    push.publish(canary(3), time.now());
    await time.advance(15_000);
    // Act
    push.connect('blue', false);
    const stillHealthy = watcher.pushHealthy();
    push.connect('green', false);
    await time.advance(15_000);
    push.connect('green');
    push.publish(canary(3), time.now(), 'green');
    // Assess
    expect(stillHealthy).toBe(true);
    expect(seen.fallback).toEqual([{ reason: 'not-connected', nextPollInMs: 15_000, keptRevision: 3 }]);
    expect(polls()).toBe(3);
    expect(seen.healthy).toHaveLength(2);
    await watcher.stop();
  });

  it('falls back when nothing was published for longer than the allowed silence', async () => {
    // Prepare
    const { time, push, watcher, seen } = setup(() => canary(3));
    await watcher.start();
    push.connect('blue');
    push.publish(canary(3), time.now() - 30_000);
    // Act
    await time.advance(59_000);
    const before = watcher.pushHealthy();
    await time.advance(2_000);
    // Assess
    expect(before).toBe(true);
    expect(seen.fallback.map((e) => e.reason)).toEqual(['silent']);
    expect(watcher.pushHealthy()).toBe(false);
    await watcher.stop();
  });

  it('counts a publication stamped in the future as now', async () => {
    // Prepare
    const { time, push, watcher, seen } = setup(() => canary(3));
    await watcher.start();
    push.connect('blue');
    // Act
    push.publish(canary(3), time.now() + 3_600_000);
    await time.advance(91_000);
    // Assess
    expect(seen.fallback.map((e) => e.reason)).toEqual(['silent']);
    await watcher.stop();
  });

  it('starts the push source with the watcher, ignores it after stop, and stops it', async () => {
    // Prepare
    const { time, push, watcher, seen } = setup();
    // Act
    const before = push.started;
    await watcher.start();
    const during = push.started;
    await watcher.stop();
    push.publish(canary(3), time.now());
    // Assess
    expect([before, during, push.stops]).toEqual([false, true, 1]);
    expect(seen.change).toHaveLength(0);
  });

  it('writes one EMF line per fallback and per recovery', async () => {
    // Prepare
    const { time, push, watcher } = setup(() => canary(3));
    const lines: string[] = [];
    const detach = emitPushMetrics(watcher, { migration: MIGRATION, write: (line) => lines.push(line), clock: time });
    await watcher.start();
    // Act
    push.connect('blue');
    push.publish(canary(3), time.now());
    push.connect('blue', false);
    detach();
    push.connect('blue');
    // Assess
    const metrics = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(metrics.map((m) => [m.Migration, m.RoutingPushRecoveries, m.RoutingPushFallbacks])).toEqual([
      [MIGRATION, 1, undefined],
      [MIGRATION, undefined, 1],
    ]);
    expect(metrics[0]).toMatchObject({ _aws: { CloudWatchMetrics: [{ Namespace: 'KraftCanary', Dimensions: [['Migration']] }] } });
    await watcher.stop();
  });
});
