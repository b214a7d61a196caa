import { describe, expect, it } from 'vitest';
import { type AckRecord, account, type DeliveryRecord } from '../../../../src/local/rehearsal/accounting.ts';

const ack = (id: string, cluster: 'blue' | 'green', failedAttempts = 0): AckRecord => ({ id, cluster, failedAttempts });
const got = (id: string, cluster: 'blue' | 'green'): DeliveryRecord => ({ id, cluster });
const zero = { produced: 0, consumed: 0, lost: 0, stranded: 0, duplicated: 0, retried: 0 };

describe('account', () => {
  it.each([
    {
      name: 'nothing sent',
      acks: [],
      deliveries: [],
      blue: zero,
      green: zero,
      unacknowledged: 0,
      lostSample: [],
    },
    {
      name: 'every message delivered once',
      acks: [ack('s1:1', 'blue'), ack('s1:2', 'green'), ack('s2:1', 'blue')],
      deliveries: [got('s1:1', 'blue'), got('s2:1', 'blue'), got('s1:2', 'green')],
      blue: { ...zero, produced: 2, consumed: 2 },
      green: { ...zero, produced: 1, consumed: 1 },
      unacknowledged: 0,
      lostSample: [],
    },
    {
      name: 'an acknowledged message never delivered is lost on its cluster',
      acks: [ack('s1:1', 'blue'), ack('s1:2', 'green')],
      deliveries: [got('s1:1', 'blue')],
      blue: { ...zero, produced: 1, consumed: 1 },
      green: { ...zero, produced: 1, lost: 1 },
      unacknowledged: 0,
      lostSample: ['s1:2'],
    },
    {
      name: 'a redelivery is a duplicate charged to the cluster that redelivered',
      acks: [ack('s1:1', 'green')],
      deliveries: [got('s1:1', 'green'), got('s1:1', 'green'), got('s1:1', 'green')],
      blue: zero,
      green: { ...zero, produced: 1, consumed: 1, duplicated: 2 },
      unacknowledged: 0,
      lostSample: [],
    },
    {
      name: 'a retried send counts once; its failed attempt that landed anyway is a duplicate',
      acks: [ack('s1:1', 'blue', 3)],
      deliveries: [got('s1:1', 'green'), got('s1:1', 'blue')],
      blue: { ...zero, produced: 1, duplicated: 1, retried: 1 },
      green: { ...zero, consumed: 1 },
      unacknowledged: 0,
      lostSample: [],
    },
    {
      name: 'a delivery without an acknowledged send is reported, not lost',
      acks: [],
      deliveries: [got('s1:9', 'green')],
      blue: zero,
      green: { ...zero, consumed: 1 },
      unacknowledged: 1,
      lostSample: [],
    },
    {
      name: 'an id acknowledged twice counts once on its first cluster',
      acks: [ack('s1:1', 'blue'), ack('s1:1', 'green')],
      deliveries: [got('s1:1', 'blue')],
      blue: { ...zero, produced: 1, consumed: 1 },
      green: zero,
      unacknowledged: 0,
      lostSample: [],
    },
  ])('$name', ({ acks, deliveries, blue, green, unacknowledged, lostSample }) => {
    // Act
    const result = account(acks, deliveries);

    // Assess
    expect(result.blue).toEqual(blue);
    expect(result.green).toEqual(green);
    expect(result.unacknowledged).toBe(unacknowledged);
    expect(result.lostSample).toEqual(lostSample);
  });

  it('adds the clusters up to the total', () => {
    // Prepare
    const acks = [ack('a', 'blue', 1), ack('b', 'green'), ack('c', 'green'), ack('d', 'blue')];
    const deliveries = [got('a', 'blue'), got('b', 'green'), got('a', 'blue'), got('b', 'green')];

    // Act
    const result = account(acks, deliveries);

    // Assess
    expect(result.total).toEqual({ produced: 4, consumed: 2, lost: 2, stranded: 0, duplicated: 2, retried: 1 });
  });

  it('counts a message still readable by its group as stranded, not lost', () => {
    // Prepare
    const acks = [ack('s1:1', 'blue'), ack('s1:2', 'green'), ack('s1:3', 'green')];

    // Act
    const result = account(acks, [got('s1:1', 'blue')], new Set(['s1:2']));

    // Assess
    expect(result.green).toEqual({ ...zero, produced: 2, stranded: 1, lost: 1 });
    expect(result.total).toMatchObject({ lost: 1, stranded: 1 });
    expect(result.lostSample).toEqual(['s1:3']);
  });

  it('samples at most ten lost ids', () => {
    // Prepare
    const acks = Array.from({ length: 25 }, (_, i) => ack(`s1:${i}`, 'blue'));

    // Act
    const result = account(acks, []);

    // Assess
    expect(result.total.lost).toBe(25);
    expect(result.lostSample).toHaveLength(10);
  });
});
