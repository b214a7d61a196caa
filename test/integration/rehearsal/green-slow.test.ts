import { systemClock, systemTimers } from '@kraft-canary/client/contract';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REHEARSAL_PLAN } from '../../../src/local/rehearsal/default-plan.ts';
import { rehearse } from '../../../src/local/rehearsal/rehearse.ts';

/** The built-in plan (its analysis section included) cut to two stages. */
const PLAN = JSON.stringify({
  ...DEFAULT_REHEARSAL_PLAN,
  stages: [
    { greenPercent: 50, bake: '15m' },
    { greenPercent: 100, bake: '15m' },
  ],
});

describe('kraft-canary rehearse --inject green-slow', () => {
  it('fails the stage on the relative analysis alone and rolls back, losing nothing', { timeout: 150_000 }, async () => {
    // Act
    const output: string[] = [];
    const outcome = await rehearse({
      readFile: async () => PLAN,
      writeFile: async () => undefined,
      out: { write: (text) => void output.push(text), isTTY: false },
      clock: systemClock,
      timers: systemTimers,
    })({ planFile: 'plan.json', services: 3, instances: 2, rate: 20, speed: 100, inject: { kind: 'green-slow', atPercent: 50, factor: 3 }, help: false });
    if (outcome.kind !== 'ran') throw new Error(outcome.message);
    const { report } = outcome;
    const log = output.join('');

    // Assess: the workflow's own gate rolled back, on the analysis' reason only (lag and errors within their gates).
    expect(report.outcome, log).toMatchObject({ expected: 'rolled-back', reached: 'rolled-back', passed: true });
    expect(report.fault).toMatchObject({ kind: 'green-slow', atPercent: 50 });
    expect(report.fault?.rttMs).toBeGreaterThanOrEqual(1);
    expect(report.gates).toHaveLength(1);
    const [gate] = report.gates;
    expect(gate).toMatchObject({ greenPercent: 50, verdict: 'fail' });
    expect(gate?.reasons).toEqual([expect.stringMatching(/^produce latency p50 on green .* ms is .*× blue's .* ms > 1\.5 \(/)]);
    expect(gate?.analysis).toMatch(/^analysis fail: produce latency p50 /);
    expect(log).toMatch(/fault: green brokers answer \d+ ms late/);
    const { total } = report.accounting;
    expect(total.lost).toBe(0);
    expect(total.consumed).toBe(total.produced);
  });
});
