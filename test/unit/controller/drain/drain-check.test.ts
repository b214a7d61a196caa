import { describe, expect, it } from 'vitest';
import { drainCheck } from '../../../../src/controller/drain/drain-check.ts';
import { FakeKafkaCluster } from '../../../support/fakes/fake-kafka-cluster.ts';
import { plan, T0 } from '../../../support/rollout-fixtures.ts';

function setUp(admin: FakeKafkaCluster) {
  let now = T0;
  const waits: number[] = [];
  const timers = {
    setTimeout: (fn: () => void, ms: number) => {
      waits.push(ms);
      now += ms;
      fn();
    },
    clearTimeout: () => {},
  };
  return { waits, check: drainCheck({ kafka: async () => admin, clock: { now: () => now }, timers }) };
}

describe('drainCheck', () => {
  it.each([
    { name: 'blocked by lag', commit: 5, polls: 1, want: 'blocked' },
    { name: 'caught up after one poll', commit: 10, polls: 1, want: 'caught-up' },
    { name: 'caught up, streak shorter than stableFor', commit: 10, polls: 2, want: 'caught-up' },
    { name: 'drained over stableFor (10m) with 1m polls', commit: 10, polls: 11, want: 'drained' },
  ])('$name → $want', async ({ commit, polls, want }) => {
    // Prepare
    const admin = new FakeKafkaCluster().addTopic('orders', 1).produce('orders', 0, 10).commit('billing', 'orders', 0, commit);
    const { waits, check } = setUp(admin);
    // Act
    const result = await check({ plan: plan(), cluster: 'blue', polls, everySeconds: 60 });
    // Assess
    expect(result.status).toBe(want);
    expect(result.polls).toHaveLength(polls);
    expect(waits).toEqual(Array.from({ length: polls - 1 }, () => 60_000));
    expect(admin.disconnects).toBe(1);
  });

  it('disconnects when a poll fails', async () => {
    const admin = new FakeKafkaCluster();
    admin.listTopics = async () => Promise.reject(new Error('gone'));
    await expect(setUp(admin).check({ plan: plan(), cluster: 'green', polls: 2, everySeconds: 1 })).rejects.toThrow('gone');
    expect(admin.disconnects).toBe(1);
  });
});
