import type { PushConnectionState, PushedRouting } from '@kraft-canary/client/contract';
import { describe, expect, it } from 'vitest';
import { FakeControlCluster } from '../../../../../test/support/fakes/fake-control-cluster.ts';
import { FakeTime, fixedRandom, flushPromises } from '../../../../../test/support/fakes/fake-time.ts';
import { KafkaPushSource } from '../../../src/push/kafka-push-source.ts';

const MIGRATION = 'orders-move';

function setup(options: { lookback?: number } = {}) {
  const time = new FakeTime();
  const cluster = new FakeControlCluster();
  const records: PushedRouting[] = [];
  const states: PushConnectionState[] = [];
  const source = new KafkaPushSource({
    migration: MIGRATION,
    clusters: { blue: { brokers: ['blue:9092'] } },
    lookback: options.lookback ?? 32,
    retry: { baseMs: 1_000, maxMs: 8_000 },
    timers: time,
    random: fixedRandom(1),
    clusterFactory: cluster.factory,
  });
  const listener = { record: (r: PushedRouting) => records.push(r), connection: (s: PushConnectionState) => states.push(s) };
  return { time, cluster, source, records, states, listener };
}

describe('KafkaPushSource', () => {
  it('delivers only the newest record of its migration from the start-up read, then each new one', async () => {
    // Prepare
    const { cluster, source, records, listener } = setup();
    cluster.append(MIGRATION, 'rev-1', 1);
    cluster.append('other-move', 'other', 2);
    cluster.append(MIGRATION, 'rev-2', 3);
    // Act
    source.start(listener);
    await flushPromises();
    cluster.append('other-move', 'other-2', 4);
    cluster.append(MIGRATION, 'rev-3', 5);
    await flushPromises();
    await source.stop();
    // Assess
    expect(records).toEqual([
      { text: 'rev-2', cluster: 'blue', publishedAt: 3 },
      { text: 'rev-3', cluster: 'blue', publishedAt: 5 },
    ]);
    expect(cluster.disconnects).toBeGreaterThanOrEqual(1);
  });

  it('reads back only `lookback` records from the end', async () => {
    // Prepare
    const { cluster, source, listener } = setup({ lookback: 2 });
    for (let i = 0; i < 5; i++) cluster.append(MIGRATION, `rev-${i}`, i);
    // Act
    source.start(listener);
    await flushPromises();
    await source.stop();
    // Assess
    expect(cluster.fetches[0]?.topics[0]?.partitions[0]?.fetchOffset).toBe('3');
  });

  it('releases the connections it no longer needs before the first fetch of each session', async () => {
    // Prepare
    const { time, cluster, source, listener } = setup();
    cluster.append(MIGRATION, 'rev-1', 1);
    source.start(listener);
    await flushPromises();
    // Act
    cluster.drop(Object.assign(new Error('closed'), { name: 'KafkaJSConnectionClosedError' }));
    await time.advance(1_000);
    await source.stop();
    // Assess: once per session, each time before that session's first fetch
    expect(cluster.releases).toEqual([0, 2]);
  });

  it('stops without waiting for a fetch that its broker never answers', async () => {
    // Prepare
    const { cluster, source, states, listener } = setup();
    cluster.deaf = true;
    source.start(listener);
    await flushPromises();
    // Act
    await source.stop();
    // Assess
    expect(cluster.fetches).toHaveLength(1);
    expect(cluster.disconnects).toBeGreaterThanOrEqual(1);
    expect(states).toEqual([]);
  });

  it('reports a missing control topic as not connected and retries with back-off', async () => {
    // Prepare
    const { time, cluster, source, states, listener } = setup();
    cluster.missing = true;
    // Act
    source.start(listener);
    await flushPromises();
    const afterFirst = cluster.connects;
    cluster.missing = false;
    await time.advance(1_000);
    await source.stop();
    // Assess
    expect(states).toEqual([
      { cluster: 'blue', connected: false, errorName: 'ControlTopicMissingError' },
      { cluster: 'blue', connected: true, errorName: null },
    ]);
    expect([afterFirst, cluster.connects]).toEqual([1, 2]);
  });

  it('reports unreachable brokers as not connected and never throws', async () => {
    // Prepare
    const { time, cluster, source, states, listener } = setup();
    cluster.failConnect = Object.assign(new Error('refused'), { name: 'KafkaJSConnectionError' });
    // Act
    source.start(listener);
    await time.advance(3_000);
    await source.stop();
    // Assess
    expect(states).toEqual([{ cluster: 'blue', connected: false, errorName: 'KafkaJSConnectionError' }]);
    expect(cluster.connects).toBe(3);
  });

  it('keeps reading from the next offset after a reconnect', async () => {
    // Prepare
    const { time, cluster, source, records, states, listener } = setup();
    cluster.append(MIGRATION, 'rev-1', 1);
    source.start(listener);
    await flushPromises();
    // Act
    cluster.drop(Object.assign(new Error('closed'), { name: 'KafkaJSConnectionClosedError' }));
    await flushPromises();
    cluster.append(MIGRATION, 'rev-2', 2);
    await time.advance(1_000);
    await source.stop();
    // Assess
    expect(records.map((r) => r.text)).toEqual(['rev-1', 'rev-2']);
    expect(states.map((s) => s.connected)).toEqual([true, false, true]);
    expect(cluster.fetches.map((f) => f.topics[0]?.partitions[0]?.fetchOffset)).toEqual(['0', '1', '1', '2']);
  });
});
