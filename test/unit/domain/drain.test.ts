import { describe, expect, it } from 'vitest';
import { type DrainSnapshot, type DrainStreak, evaluateDrain } from '../../../src/domain/drain.ts';

const T = Date.parse('2026-05-04T05:00:00.000Z');
const MIN = 60_000;

const topics = [
  { topic: 'payments.v1', partition: 0, high: 120, low: 0 },
  { topic: 'payments.v1', partition: 1, high: 80, low: 0 },
  { topic: 'refunds.v1', partition: 0, high: 0, low: 0 },
];

const cleanGroups = (): DrainSnapshot['groups'] => [
  {
    group: 'ledger',
    partitions: [
      { topic: 'payments.v1', partition: 0, committed: 120, high: 120, low: 0 },
      { topic: 'payments.v1', partition: 1, committed: 80, high: 80, low: 0 },
    ],
  },
  { group: 'refund-worker', partitions: [{ topic: 'refunds.v1', partition: 0, committed: null, high: 0, low: 0 }] },
];

const snapshot = (at: number, overrides: Partial<DrainSnapshot> = {}): DrainSnapshot => ({
  at,
  groups: cleanGroups(),
  topics,
  ...overrides,
});

const evaluate = (snap: DrainSnapshot, previous: DrainStreak | null, expectedGroups: readonly string[] = ['ledger']) =>
  evaluateDrain({ cluster: 'blue', snapshot: snap, previous, stableForSeconds: 600, expectedGroups });

/** Runs polls in order, carrying the streak, and returns the last verdict. */
const poll = (snaps: readonly DrainSnapshot[]) => {
  let previous: DrainStreak | null = null;
  let verdict = evaluate(snaps[0]!, null);
  for (const snap of snaps) {
    verdict = evaluate(snap, previous);
    previous = verdict.streak;
  }
  return verdict;
};

const withGroup = (partition: Partial<DrainSnapshot['groups'][number]['partitions'][number]>, at = T) =>
  snapshot(at, {
    groups: [{ group: 'ledger', partitions: [{ topic: 'payments.v1', partition: 0, committed: 120, high: 120, low: 0, ...partition }] }],
    topics: [{ topic: 'payments.v1', partition: 0, high: partition.high ?? 120, low: partition.low ?? 0 }],
  });

describe('evaluateDrain blockers', () => {
  it.each([
    {
      name: 'an empty snapshot is no data, never drained',
      snap: snapshot(T, { groups: [], topics: [] }),
      expectedGroups: [],
      blocking: [{ reason: 'no-data' }],
    },
    {
      name: 'lag names the group, topic, partition and lag',
      snap: withGroup({ committed: 100 }),
      expectedGroups: ['ledger'],
      blocking: [{ reason: 'lag', group: 'ledger', topic: 'payments.v1', partition: 0, lag: 20 }],
    },
    {
      name: 'no commit on a partition that holds messages',
      snap: withGroup({ committed: null, low: 20 }),
      expectedGroups: ['ledger'],
      blocking: [{ reason: 'no-commit', group: 'ledger', topic: 'payments.v1', partition: 0, lag: 100 }],
    },
    {
      name: 'a partition of a consumed topic the group never committed on',
      snap: snapshot(T, { groups: [{ group: 'ledger', partitions: [cleanGroups()[0]!.partitions[0]!] }] }),
      expectedGroups: ['ledger'],
      blocking: [{ reason: 'no-commit', group: 'ledger', topic: 'payments.v1', partition: 1, lag: 80 }],
    },
    {
      name: 'an expected group missing from the snapshot',
      snap: snapshot(T),
      expectedGroups: ['ledger', 'settlement'],
      blocking: [{ reason: 'expected-group-missing', group: 'settlement' }],
    },
    {
      name: 'an expected group that committed nothing while messages wait',
      snap: snapshot(T, { groups: [...cleanGroups(), { group: 'settlement', partitions: [] }] }),
      expectedGroups: ['ledger', 'settlement'],
      blocking: [{ reason: 'expected-group-missing', group: 'settlement' }],
    },
    {
      name: 'messages still arriving',
      snap: snapshot(T, {
        messagesIn: [
          { at: T - MIN, value: 0 },
          { at: T, value: 3.5 },
        ],
      }),
      expectedGroups: ['ledger'],
      blocking: [{ reason: 'new-messages' }],
    },
  ])('$name', ({ snap, expectedGroups, blocking }) => {
    // Act
    const verdict = evaluate(snap, { since: T - 10 * MIN, watermarkDigest: 'x', polls: 5 }, expectedGroups);
    // Assess
    expect(verdict).toEqual({ drained: false, blocking, streak: { since: null, watermarkDigest: null, polls: 0 } });
  });
});

describe('evaluateDrain with the topics a missing group reads elsewhere', () => {
  const judge = (groupTopics: Readonly<Record<string, readonly string[]>>) =>
    evaluateDrain({ cluster: 'green', snapshot: snapshot(T), previous: null, stableForSeconds: 600, expectedGroups: ['ledger', 'settlement'], groupTopics });

  it('does not wait for a group whose topics hold nothing here', () => {
    // Act: settlement reads refunds.v1 (empty here); payments.v1 holds messages that ledger consumed.
    const verdict = judge({ settlement: ['refunds.v1'] });

    // Assess
    expect(verdict.drained === false && verdict.blocking).toEqual([{ reason: 'not-stable-long-enough' }]);
  });

  it.each<{ name: string; groupTopics: Readonly<Record<string, readonly string[]>> }>([
    { name: 'one of its topics holds messages here', groupTopics: { settlement: ['refunds.v1', 'payments.v1'] } },
    { name: 'its topics are unknown', groupTopics: { ledger: ['payments.v1'] } },
    { name: 'it is known to read nothing', groupTopics: { settlement: [] } },
  ])('waits for a missing group when $name', ({ groupTopics }) => {
    // Act
    const verdict = judge(groupTopics);

    // Assess
    expect(verdict.drained === false && verdict.blocking).toEqual([{ reason: 'expected-group-missing', group: 'settlement' }]);
  });
});

describe('evaluateDrain streak', () => {
  it('does not wait for an expected group when no partition holds messages', () => {
    const empty = topics.map((t) => ({ ...t, high: t.low }));
    const verdict = evaluate(snapshot(T, { groups: [], topics: empty }), null, ['ledger', 'settlement']);
    expect(verdict.drained === false && verdict.blocking).toEqual([{ reason: 'not-stable-long-enough' }]);
  });

  it('is clean at an uncommitted but empty partition, and a quiet broker', () => {
    const verdict = evaluate(snapshot(T, { messagesIn: [{ at: T, value: 0 }] }), null);
    expect(verdict.drained === false && verdict.blocking).toEqual([{ reason: 'not-stable-long-enough' }]);
    expect(verdict.streak).toMatchObject({ since: T, polls: 1 });
  });

  it('one clean poll is never enough, even with no stable window', () => {
    const verdict = evaluateDrain({ cluster: 'blue', snapshot: snapshot(T), previous: null, stableForSeconds: 0, expectedGroups: [] });
    expect(verdict.drained).toBe(false);
  });

  it('two polls with no stable window drain', () => {
    const first = evaluateDrain({ cluster: 'blue', snapshot: snapshot(T), previous: null, stableForSeconds: 0, expectedGroups: [] });
    const second = evaluateDrain({ cluster: 'blue', snapshot: snapshot(T), previous: first.streak, stableForSeconds: 0, expectedGroups: [] });
    expect(second.drained).toBe(true);
  });

  it('is not drained before the streak lasted stableFor', () => {
    const verdict = poll([snapshot(T), snapshot(T + 5 * MIN), snapshot(T + 9 * MIN)]);
    expect(verdict).toMatchObject({ drained: false, blocking: [{ reason: 'not-stable-long-enough' }], streak: { since: T, polls: 3 } });
  });

  it('drains once the streak lasted stableFor over several polls, with a proof', () => {
    const verdict = poll([snapshot(T), snapshot(T + 5 * MIN), snapshot(T + 10 * MIN)]);
    expect(verdict).toMatchObject({
      drained: true,
      proof: { cluster: 'blue', provenAt: T + 10 * MIN, stableForSeconds: 600, groups: 2, partitions: 3 },
      streak: { since: T, polls: 3 },
    });
  });

  it('a lagging poll in between restarts the streak', () => {
    const verdict = poll([snapshot(T), withGroup({ committed: 119 }, T + 5 * MIN), snapshot(T + 6 * MIN), snapshot(T + 12 * MIN)]);
    expect(verdict).toMatchObject({ drained: false, streak: { since: T + 6 * MIN, polls: 2 } });
  });

  it('a changed high watermark restarts the streak and says why', () => {
    const moved = topics.map((t, i) => (i === 0 ? { ...t, high: 121 } : t));
    const groups = cleanGroups().map((g, i) =>
      i === 0 ? { ...g, partitions: g.partitions.map((p, j) => (j === 0 ? { ...p, committed: 121, high: 121 } : p)) } : g,
    );
    const verdict = poll([snapshot(T), snapshot(T + 5 * MIN), snapshot(T + 10 * MIN, { topics: moved, groups })]);
    expect(verdict).toEqual({
      drained: false,
      blocking: [{ reason: 'new-messages' }, { reason: 'not-stable-long-enough' }],
      streak: expect.objectContaining({ since: T + 10 * MIN, polls: 1 }),
    });
  });

  it('a snapshot older than the streak start restarts it', () => {
    const first = evaluate(snapshot(T), null);
    const verdict = evaluate(snapshot(T - MIN), first.streak);
    expect(verdict.streak).toMatchObject({ since: T - MIN, polls: 1 });
  });

  it('a carried streak that never started begins a new one', () => {
    const verdict = evaluate(snapshot(T), { since: null, watermarkDigest: null, polls: 0 });
    expect(verdict.drained === false && verdict.blocking).toEqual([{ reason: 'not-stable-long-enough' }]);
  });

  it('digests watermarks independent of order, from group partitions when topics are not listed', () => {
    const a = evaluate(snapshot(T, { topics: [...topics].reverse() }), null);
    const b = evaluate(snapshot(T), null);
    const fromGroups = evaluate(snapshot(T, { topics: [] }), null);
    expect(a.streak.watermarkDigest).toBe(b.streak.watermarkDigest);
    expect(a.streak.watermarkDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(fromGroups.streak.watermarkDigest).toBe(b.streak.watermarkDigest);
  });
});
