import { describe, expect, it } from 'vitest';
import { binCounts, binIndex, binnedPercentile, countsFromPercentRanks, LATENCY_BIN_EDGES_MS } from '../../../src/domain/latency-bins.ts';

const EDGES = [1, 2, 4, 8];

describe('LATENCY_BIN_EDGES_MS', () => {
  it('grows by 2^(1/4) from 0.5 ms to about 131 s', () => {
    expect(LATENCY_BIN_EDGES_MS).toHaveLength(73);
    expect(LATENCY_BIN_EDGES_MS[0]).toBe(0.5);
    expect(LATENCY_BIN_EDGES_MS.at(-1)).toBeCloseTo(131_072, 0);
    for (let i = 1; i < LATENCY_BIN_EDGES_MS.length; i++) {
      expect(LATENCY_BIN_EDGES_MS[i]! / LATENCY_BIN_EDGES_MS[i - 1]!).toBeCloseTo(2 ** 0.25, 4);
    }
  });
});

describe('binIndex and binCounts', () => {
  it.each([
    [0, 0],
    [1, 0],
    [1.5, 1],
    [2, 1],
    [4, 2],
    [7.9, 3],
    [8, 3],
    [9, 4],
  ])('value %d falls in bin %d (upper edges inclusive, as PR(:x))', (value, bin) => {
    expect(binIndex(value, EDGES)).toBe(bin);
  });

  it('counts values per bin, one more bin than edges', () => {
    expect(binCounts([0.5, 1, 3, 3, 100], EDGES)).toEqual([2, 0, 2, 0, 1]);
    expect(binCounts([0.1, 1000])).toHaveLength(74);
  });
});

describe('countsFromPercentRanks', () => {
  it.each([
    { name: 'cumulative shares become counts', ranks: [10, 50, 50, 100], total: 200, counts: [20, 80, 0, 100, 0] },
    { name: 'values above the last edge fill the open bin', ranks: [25, 75], total: 4, counts: [1, 2, 1] },
    { name: 'a rank lower than its neighbour never makes a negative count', ranks: [60, 50, 100], total: 100, counts: [60, 0, 40, 0] },
    { name: 'ranks are clamped to 0..100', ranks: [-1, 101], total: 10, counts: [0, 10, 0] },
  ])('$name', ({ ranks, total, counts }) => {
    expect(countsFromPercentRanks(ranks, total)).toEqual(counts);
  });
});

describe('binnedPercentile', () => {
  it('is null without samples', () => {
    expect(binnedPercentile([0, 0, 0], 99, [1, 2])).toBeNull();
  });

  it.each([
    { name: 'interpolates geometrically inside the bin', counts: [0, 10, 0], p: 50, expected: Math.SQRT2 },
    { name: 'the first bin reaches down a quarter octave', counts: [4, 0, 0], p: 50, expected: 2 ** -0.125 },
    { name: 'the open last bin reaches up a quarter octave', counts: [0, 0, 4], p: 50, expected: 2 * 2 ** 0.125 },
    { name: 'skips empty bins at a low percentile', counts: [0, 0, 5], p: 0, expected: 2 },
    { name: 'stops where the cumulative count reaches the rank', counts: [50, 50, 0], p: 75, expected: Math.SQRT2 },
  ])('$name', ({ counts, p, expected }) => {
    expect(binnedPercentile(counts, p, [1, 2])).toBeCloseTo(expected, 9);
  });

  it('estimates a log-normal percentile within 1 % from the default bins (probit interpolation)', () => {
    // Deterministic log-normal quantiles: exp(μ + σ·Φ⁻¹((i + 0.5)/n)) via a fine grid of z.
    const values: number[] = [];
    for (let z = -4; z <= 4; z += 0.001) {
      const weight = Math.round(1000 * Math.exp((-z * z) / 2));
      for (let k = 0; k < weight; k++) values.push(Math.exp(Math.log(8) + 0.5 * z));
    }
    const sorted = [...values].sort((a, b) => a - b);
    const exact = sorted[Math.floor(0.99 * sorted.length)]!;
    expect(Math.abs(binnedPercentile(binCounts(values), 99)! / exact - 1)).toBeLessThan(0.01);
    expect(Math.abs(binnedPercentile(binCounts(values), 50)! / 8 - 1)).toBeLessThan(0.01);
  });
});
