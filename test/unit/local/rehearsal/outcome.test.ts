import { describe, expect, it } from 'vitest';
import type { Accounting } from '../../../../src/local/rehearsal/accounting.ts';
import { judgeOutcome } from '../../../../src/local/rehearsal/outcome.ts';

const counts = { produced: 10, consumed: 10, lost: 0, stranded: 0, duplicated: 0, retried: 0 };
const accounting = (total: Partial<typeof counts> = {}, unacknowledged = 0): Accounting => ({
  blue: counts,
  green: counts,
  total: { ...counts, ...total },
  unacknowledged,
  lostSample: [],
});

describe('judgeOutcome', () => {
  it.each([
    { name: 'complete as expected', expected: 'complete', reached: 'complete', execution: 'SUCCEEDED', acc: accounting(), passed: true, reasons: [] },
    {
      name: 'rolled back as expected, execution stopped',
      expected: 'rolled-back',
      reached: 'rolled-back',
      execution: 'ABORTED',
      acc: accounting(),
      passed: true,
      reasons: [],
    },
    {
      name: 'a lost message fails',
      expected: 'complete',
      reached: 'complete',
      execution: 'SUCCEEDED',
      acc: accounting({ lost: 1 }),
      passed: false,
      reasons: ['1 acknowledged message never consumed (lost)'],
    },
    {
      name: 'an unexpected rollback fails',
      expected: 'complete',
      reached: 'rolled-back',
      execution: 'ABORTED',
      acc: accounting(),
      passed: false,
      reasons: ['the rollout ended rolled-back; expected complete'],
    },
    {
      name: 'a fault that did not roll back fails',
      expected: 'rolled-back',
      reached: 'complete',
      execution: 'SUCCEEDED',
      acc: accounting({ lost: 3 }),
      passed: false,
      reasons: ['3 acknowledged messages never consumed (lost)', 'the rollout ended complete; expected rolled-back'],
    },
    {
      name: 'complete with a failed execution fails',
      expected: 'complete',
      reached: 'complete',
      execution: 'FAILED',
      acc: accounting(),
      passed: false,
      reasons: ['the rollout reached complete but its execution ended FAILED'],
    },
    {
      name: 'no routing write at all fails',
      expected: 'complete',
      reached: null,
      execution: 'FAILED',
      acc: accounting(),
      passed: false,
      reasons: ['the rollout ended before its first routing write; expected complete'],
    },
    {
      name: 'a rollback that never dropped green from the consumers fails',
      expected: 'rolled-back',
      reached: 'rolled-back',
      execution: 'ABORTED',
      greenConsumed: true,
      acc: accounting(),
      passed: false,
      reasons: ['the rollback ended with consumers still reading green: green was never proven drained'],
    },
    {
      name: 'duplicates and unacknowledged deliveries are reported but do not fail',
      expected: 'complete',
      reached: 'complete',
      execution: 'SUCCEEDED',
      acc: accounting({ duplicated: 2 }, 1),
      passed: true,
      reasons: ['2 duplicate deliveries (at-least-once redelivery)', '1 message consumed although its send reported a failure'],
    },
  ] as const)('$name', (row) => {
    // Prepare
    const { expected, reached, execution, acc, passed, reasons } = row;
    const greenConsumed = 'greenConsumed' in row ? row.greenConsumed : false;

    // Act
    const outcome = judgeOutcome({ expected, reached, execution, accounting: acc, greenConsumed });

    // Assess
    expect(outcome).toEqual({ expected, reached, execution, passed, reasons });
  });
});

describe('judgeOutcome: the mover service', () => {
  it('fails when the mover never read an acknowledged message', () => {
    const outcome = judgeOutcome({ expected: 'complete', reached: 'complete', execution: 'SUCCEEDED', accounting: accounting(), moverLost: 2 });
    expect(outcome).toMatchObject({ passed: false, reasons: ['2 acknowledged messages never read by the mover service (lost in its move)'] });
  });
});
