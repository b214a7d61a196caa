import { describe, expect, it } from 'vitest';
import { rollbackReservedConcurrency } from '../../../src/deploy/rollback-concurrency.ts';

describe('rollbackReservedConcurrency', () => {
  it.each([
    ['5', 5],
    [undefined, 5],
    ['none', null],
  ])('%s → %s', (value, expected) => {
    expect(rollbackReservedConcurrency(value === undefined ? {} : { rollbackReservedConcurrency: value })).toBe(expected);
  });

  it('never 0, which would stop every rollback', () => {
    expect(() => rollbackReservedConcurrency({ rollbackReservedConcurrency: '0' })).toThrow(/above 0, or none/);
    expect(() => rollbackReservedConcurrency({ rollbackReservedConcurrency: 'many' })).toThrow(/above 0, or none/);
  });
});
