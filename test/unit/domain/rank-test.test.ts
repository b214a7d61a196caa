import { describe, expect, it } from 'vitest';
import { binCounts } from '../../../src/domain/latency-bins.ts';
import { mannWhitneyBinned } from '../../../src/domain/rank-test.ts';

/** U of the second sample counted pair by pair, ties one half: the definition. */
const bruteU = (first: readonly number[], second: readonly number[]) => {
  let u = 0;
  for (const y of second) for (const x of first) u += y > x ? 1 : y === x ? 0.5 : 0;
  return u;
};

const EDGES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

describe('mannWhitneyBinned', () => {
  it.each([
    { name: 'distinct values', first: [1, 3, 5, 7], second: [2, 4, 6, 8, 10] },
    { name: 'ties across samples', first: [1, 2, 2, 3, 9], second: [2, 3, 3, 4, 4, 6] },
    { name: 'second entirely below', first: [7, 8, 9], second: [1, 2, 3] },
  ])('U equals the pairwise count: $name', ({ first, second }) => {
    expect(mannWhitneyBinned(binCounts(first, EDGES), binCounts(second, EDGES)).u).toBe(bruteU(first, second));
  });

  it('matches the textbook z with tie correction and continuity correction', () => {
    // first: 1,2,2,3 ; second: 3,4,4,5 → U = 15.5 of 16 pairs; ties: {2:2},{3:2},{4:2}.
    const result = mannWhitneyBinned(binCounts([1, 2, 2, 3], EDGES), binCounts([3, 4, 4, 5], EDGES));
    const variance = (16 / 12) * (9 - 18 / 56);
    expect(result.u).toBe(15.5);
    expect(result.z).toBeCloseTo((15.5 - 8 - 0.5) / Math.sqrt(variance), 12);
    expect(result.superiority).toBeCloseTo(15.5 / 16, 12);
    expect(result.pValue).toBeCloseTo(0.0198, 4);
  });

  it('gives a large p-value when the second sample is smaller (one-sided)', () => {
    expect(mannWhitneyBinned([0, 0, 50, 50], [50, 50, 0, 0]).pValue).toBeGreaterThan(0.99);
  });

  it('gives p = 0.5 exactly at the null mean', () => {
    expect(mannWhitneyBinned([10, 10], [10, 10]).pValue).toBeCloseTo(0.5, 6);
  });

  it.each([
    { name: 'an empty sample', first: [0, 0], second: [3, 1], superiority: 0.5 },
    { name: 'every value tied', first: [0, 7], second: [0, 9], superiority: 0.5 },
  ])('has p = 1 and z = 0 with $name', ({ first, second, superiority }) => {
    const result = mannWhitneyBinned(first, second);
    expect(result).toMatchObject({ z: 0, pValue: 1, superiority });
  });

  it('accepts bin arrays of different lengths (missing bins are empty)', () => {
    expect(mannWhitneyBinned([5], [0, 5]).u).toBe(25);
    expect(mannWhitneyBinned([0, 5], [5]).u).toBe(0);
  });
});
