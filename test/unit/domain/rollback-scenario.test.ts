import { describe, expect, it } from 'vitest';
import { isRollbackScenario, ROLLBACK_SCENARIOS, rollbackScenarioFor } from '../../../src/domain/rollback-scenario.ts';
import { doc } from '../../support/domain-fixtures.ts';

const at = (greenPercent: number) => doc({ producers: { greenPercent } });
const draining = doc({ phase: 'draining', producers: { greenPercent: 100 } });
const completeDoc = doc({ phase: 'complete', producers: { greenPercent: 100 }, consumers: { blue: false, green: true } });

describe('rollbackScenarioFor', () => {
  it.each([
    { name: 'cluster instability wins', current: at(20), instability: true, expected: 'cluster-instability' },
    { name: 'no document', current: null, instability: false, expected: 'early-canary' },
    { name: 'canary', current: at(80), instability: false, expected: 'early-canary' },
    { name: 'draining', current: draining, instability: false, expected: 'after-cutover' },
    { name: 'complete', current: completeDoc, instability: false, expected: 'after-cutover' },
    { name: 'canary document at 100', current: at(100), instability: false, expected: 'after-cutover' },
  ] as const)('$name → $expected', ({ current, instability, expected }) => {
    expect(rollbackScenarioFor(current, instability)).toBe(expected);
  });
});

describe('isRollbackScenario', () => {
  it.each([...ROLLBACK_SCENARIOS.map((value) => ({ value, expected: true })), { value: 'early', expected: false }, { value: null, expected: false }])(
    '$value → $expected',
    ({ value, expected }) => {
      expect(isRollbackScenario(value)).toBe(expected);
    },
  );
});
