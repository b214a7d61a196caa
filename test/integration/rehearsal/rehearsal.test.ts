import { systemClock, systemTimers } from '@kraft-canary/client/contract';
import { describe, expect, it } from 'vitest';
import { DEFAULT_REHEARSAL_PLAN } from '../../../src/local/rehearsal/default-plan.ts';
import type { RehearsalOptions } from '../../../src/local/rehearsal/options.ts';
import { rehearse } from '../../../src/local/rehearsal/rehearse.ts';
import type { RehearsalReport } from '../../../src/local/rehearsal/report.ts';

/** The runbook's plan cut to two stages, so one rehearsal takes about half a minute. */
const PLAN = JSON.stringify({
  ...DEFAULT_REHEARSAL_PLAN,
  stages: [
    { greenPercent: 50, bake: '15m' },
    { greenPercent: 100, bake: '15m' },
  ],
});

/**
 * docs/client.md §6: consumption is at-least-once when group membership changes (up to one
 * batch per partition per change); the client tests allow 1 % and so does the rehearsal.
 */
const DUPLICATE_BOUND = 0.01;

async function run(options: Partial<RehearsalOptions>): Promise<{ report: RehearsalReport; output: string; files: Map<string, string> }> {
  const output: string[] = [];
  const files = new Map<string, string>();
  const outcome = await rehearse({
    readFile: async (path) => (path === 'plan.json' ? PLAN : Promise.reject(Object.assign(new Error('missing'), { code: 'ENOENT' }))),
    writeFile: async (path, text) => void files.set(path, text),
    out: { write: (text) => void output.push(text), isTTY: false },
    clock: systemClock,
    timers: systemTimers,
  })({ planFile: 'plan.json', services: 3, instances: 2, rate: 20, speed: 100, inject: null, help: false, jsonFile: 'r.json', htmlFile: 'r.html', ...options });
  if (outcome.kind !== 'ran') throw new Error(outcome.message);
  return { report: outcome.report, output: output.join(''), files };
}

describe('kraft-canary rehearse', () => {
  it('migrates a fleet from blue to green to completion without losing a message', { timeout: 150_000 }, async () => {
    // Act
    const { report, output, files } = await run({});

    // Assess
    // The run's own log is the message: a failure shows what happened.
    expect(report.outcome, output).toMatchObject({ expected: 'complete', reached: 'complete', execution: 'SUCCEEDED', passed: true });
    expect(report.stages.map((s) => s.label)).toEqual(['idle', 'canary 50%', 'draining 100%', 'complete']);
    expect(report.gates.map((g) => [g.greenPercent, g.verdict])).toEqual([
      [50, 'pass'],
      [100, 'pass'],
    ]);
    const { total, blue, green } = report.accounting;
    expect(total.lost).toBe(0);
    expect(blue.produced).toBeGreaterThan(0);
    expect(green.produced).toBeGreaterThan(0);
    expect(total.consumed).toBe(total.produced);
    expect(total.duplicated).toBeLessThanOrEqual(Math.ceil(total.produced * DUPLICATE_BOUND));
    expect(report.rollback).toBeNull();
    // Every stage write reached every service, and push (the control topic) carried some of them.
    // An instance that reads two writes at once counts for the newer only, so each write is
    // checked for its own count; the last one (complete) must reach all six instances.
    const changes = JSON.stringify(report.routingChanges);
    const stageWrites = report.routingChanges.filter((c) => c.instances > 0);
    expect(
      stageWrites.every((c) => c.instances <= 6 && c.byPush + c.byPoll === c.instances),
      changes,
    ).toBe(true);
    expect(stageWrites.at(-1)?.instances, changes).toBe(6);
    expect(
      stageWrites.some((c) => c.byPush > 0),
      changes,
    ).toBe(true);
    expect(report.executions.map((e) => [e.entry, e.status])).toEqual([['rollout', 'SUCCEEDED']]);
    // The mover service read the first service's topic on blue only, was moved to green by the
    // rollout's hook, and read every message acknowledged on that topic (a part of the fleet's).
    expect(report.mover, output).toMatchObject({ group: 'rehearsal-mover', cluster: 'green', movedAt: expect.any(Number) });
    const moverTotal = report.mover?.accounting.total;
    expect(moverTotal?.produced).toBeGreaterThan(0);
    expect(moverTotal?.produced).toBeLessThan(total.produced);
    expect(moverTotal).toMatchObject({ consumed: moverTotal?.produced, lost: 0 });
    expect(report.mover?.accounting.green.consumed).toBeGreaterThan(0);
    expect(output).toContain('rehearsal-mover: move hook invoked');
    expect(output).toContain('Rehearsal PASSED: ended complete (expected complete)');
    expect(JSON.parse(files.get('r.json') ?? '{}')).toEqual(report);
    expect(files.get('r.html')).toContain('<svg');
  });

  it('rolls back on a green outage and still loses nothing once green is back', { timeout: 150_000 }, async () => {
    // Act
    const { report, output } = await run({ inject: { kind: 'green-outage', atPercent: 50 } });

    // Assess
    expect(report.outcome, output).toMatchObject({ expected: 'rolled-back', reached: 'rolled-back', passed: true });
    expect(report.fault).toMatchObject({ kind: 'green-outage', atPercent: 50 });
    expect(report.fault?.downAt).not.toBeNull();
    expect(report.fault?.upAt).not.toBeNull();
    expect(report.rollback?.propagation.milliseconds).not.toBeNull();
    expect(report.rollback?.propagation.notSwitched).toEqual([]);
    // The alarm's rollback stops (aborts) the rollout; the finish-rollback execution it starts
    // proves green drained and drops it from the consumers.
    expect(report.executions.map((e) => [e.entry, e.status])).toEqual([
      ['rollout', 'ABORTED'],
      ['finish-rollback', 'SUCCEEDED'],
    ]);
    expect(report.outcome.execution).toBe('ABORTED');
    expect(report.rollback?.greenDropped?.by).toBe(report.executions[1]?.name);
    expect(report.rollback?.greenDropped?.at).toBeGreaterThan(report.rollback?.at ?? Number.POSITIVE_INFINITY);
    const { total } = report.accounting;
    expect(total.lost).toBe(0);
    expect(total.consumed).toBe(total.produced);
    expect(total.duplicated).toBeLessThanOrEqual(Math.ceil(total.produced * DUPLICATE_BOUND));
    expect(output).toContain('Rehearsal PASSED: ended rolled-back (expected rolled-back)');
    expect(output).toMatch(/fault: green brokers down/);
  });
});
