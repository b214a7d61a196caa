import { describe, expect, it } from 'vitest';
import { allMoved, judgeMover, type MoverPartition } from '../../../src/domain/mover-progress.ts';

const p = (partition: number, low: number, high: number, committed: number | null): MoverPartition => ({ topic: 'orders', partition, low, high, committed });

describe('judgeMover', () => {
  it.each<{ name: string; partitions: MoverPartition[]; status: string; lag: number }>([
    { name: 'nothing committed yet', partitions: [p(0, 0, 10, null), p(1, 0, 0, null)], status: 'absent', lag: 10 },
    { name: 'no partitions', partitions: [], status: 'absent', lag: 0 },
    { name: 'behind on one partition', partitions: [p(0, 0, 10, 10), p(1, 5, 9, 7)], status: 'catching-up', lag: 2 },
    { name: 'a partition not committed counts from its earliest offset', partitions: [p(0, 0, 10, 10), p(1, 5, 9, null)], status: 'catching-up', lag: 4 },
    { name: 'an empty partition not committed is read', partitions: [p(0, 0, 10, 10), p(1, 3, 3, null)], status: 'moved', lag: 0 },
    { name: 'caught up everywhere', partitions: [p(0, 0, 10, 10), p(1, 5, 9, 9)], status: 'moved', lag: 0 },
  ])('$name: $status', ({ partitions, status, lag }) => {
    expect(judgeMover('scorer', partitions, 0)).toEqual({ group: 'scorer', status, lag });
  });

  it('counts a group within the lag limit as moved: producers keep sending to green', () => {
    expect(judgeMover('scorer', [p(0, 0, 10, 8)], 2).status).toBe('moved');
    expect(judgeMover('scorer', [p(0, 0, 10, 7)], 2).status).toBe('catching-up');
  });

  it('is all moved only when every mover is', () => {
    expect(allMoved([{ group: 'a', status: 'moved', lag: 0 }])).toBe(true);
    expect(
      allMoved([
        { group: 'a', status: 'moved', lag: 0 },
        { group: 'b', status: 'absent', lag: 3 },
      ]),
    ).toBe(false);
    expect(allMoved([])).toBe(true);
  });
});
