import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile } from '../../../src/domain/normal-distribution.ts';

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

describe('normalQuantile', () => {
  it.each([0.001, 0.01, 0.02425, 0.3, 0.5, 0.9, 0.975, 0.999])('inverts Φ at %d', (p) => {
    expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
  });

  it('gives the familiar critical values', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.05)).toBeCloseTo(-1.644854, 5);
    expect(normalQuantile(0.5)).toBe(0);
  });
});
