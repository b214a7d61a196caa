import { describe, expect, it } from 'vitest';
import { normalCdf } from '../../../src/domain/normal-distribution.ts';

describe('normalCdf', () => {
  it.each([
    [0, 0.5],
    [1, 0.841345],
    [1.959964, 0.975],
    [-1.959964, 0.025],
    [-1.644854, 0.05],
    [3, 0.99865],
    [-6, 9.87e-10],
  ])('Φ(%d) = %d', (z, expected) => {
    expect(normalCdf(z)).toBeCloseTo(expected, 5);
  });

  it('is symmetric: Φ(−z) = 1 − Φ(z)', () => {
    for (const z of [0.1, 0.7, 1.3, 2.5]) expect(normalCdf(-z)).toBeCloseTo(1 - normalCdf(z), 9);
  });
});
