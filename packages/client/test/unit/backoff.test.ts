import { describe, expect, it } from 'vitest';
import { backoffDelay, jittered } from '../../src/backoff.ts';

describe('back-off', () => {
  it.each([
    [0, 12_000],
    [0.5, 15_000],
    [1, 18_000],
  ])('spreads a 15 s interval by ±20 percent: random %d gives %d ms', (random, expected) => {
    // Act
    const delay = jittered(15_000, 0.2, () => random);

    // Assess
    expect(delay).toBe(expected);
  });

  it.each([
    [1, 0, 500],
    [1, 1, 1_000],
    [3, 1, 4_000],
    [10, 1, 8_000],
    [10, 0, 4_000],
    [1_000, 1, 8_000],
  ])('failure %d with random %d waits %d ms with base 1 s and cap 8 s', (failures, random, expected) => {
    // Act
    const delay = backoffDelay(failures, { baseMs: 1_000, maxMs: 8_000 }, () => random);

    // Assess
    expect(delay).toBe(expected);
  });
});
