import type { RoutingDocument } from '@kraft-canary/client/contract';
import { describe, expect, it } from 'vitest';
import { buildReport, type ReportInput } from '../../../../src/local/rehearsal/build-report.ts';
import { loadRehearsalPlan } from '../../../../src/local/rehearsal/rehearsal-plan.ts';

const T0 = Date.parse('2026-05-04T10:00:00.000Z');
const plan = () => {
  const loaded = loadRehearsalPlan(undefined, 'built-in plan');
  if (!loaded.ok) throw new Error(loaded.error.message);
  return loaded.value;
};

const doc = (
  revision: number,
  second: number,
  phase: RoutingDocument['phase'],
  greenPercent: number,
  by = 'rehearsal',
  extra: Partial<RoutingDocument> = {},
): string =>
  JSON.stringify({
    schema: 1,
    migration: 'rehearsal',
    revision,
    phase,
    producers: { greenPercent },
    consumers: { blue: phase !== 'complete', green: phase !== 'idle' },
    updatedAt: new Date(T0 + second * 1000).toISOString(),
    updatedBy: by,
    reason: 'r',
    ...extra,
  });

const counts = { produced: 10, consumed: 10, lost: 0, stranded: 0, duplicated: 0, retried: 0 };

function input(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    plan: plan(),
    planSource: 'built-in',
    services: ['svc-1-1', 'svc-1-2', 'svc-2-1', 'svc-2-2'],
    instances: 2,
    rate: 20,
    speed: 100,
    inject: null,
    startedAt: T0,
    endedAt: T0 + 40_000,
    history: [doc(1, 1, 'idle', 0), doc(2, 1, 'canary', 20), doc(3, 10, 'draining', 100), doc(4, 30, 'complete', 100)].map((text, i) => ({
      version: i + 1,
      text,
    })),
    marker: null,
    execution: 'SUCCEEDED',
    executions: [{ name: 'rehearsal', entry: 'rollout', status: 'SUCCEEDED' }],
    accounting: { blue: counts, green: counts, total: { ...counts, produced: 20, consumed: 20 }, unacknowledged: 0, lostSample: [] },
    gates: [],
    fault: null,
    routeChanges: [],
    rebalances: 3,
    samples: [],
    notes: [],
    ...overrides,
  };
}

describe('buildReport', () => {
  it('reports a completed rollout with its stage times', () => {
    // Act
    const report = buildReport(input());

    // Assess
    expect(report.outcome).toEqual({ expected: 'complete', reached: 'complete', execution: 'SUCCEEDED', passed: true, reasons: [] });
    expect(report.stages.map((s) => [s.label, s.seconds])).toEqual([
      ['idle', 0],
      ['canary 20%', 9],
      ['draining 100%', 20],
      ['complete', 10],
    ]);
    expect(report.durationSeconds).toBe(40);
    expect(report.settings).toEqual({ plan: 'built-in', services: 2, instances: 2, rate: 20, speed: 100, stages: [20, 50, 80, 100], inject: null });
    expect(report.rollback).toBeNull();
    expect(report.executions).toEqual([{ name: 'rehearsal', entry: 'rollout', status: 'SUCCEEDED' }]);
  });

  it('reports a rollback from the marker and the producers that had to come back', () => {
    // Prepare
    const history = [doc(1, 1, 'idle', 0), doc(2, 2, 'canary', 50), doc(3, 12, 'rolled-back', 0, 'alarm:x')].map((text, i) => ({ version: i + 1, text }));
    const marker = JSON.stringify({ at: 'x', by: 'alarm:x', reason: 'green errors', scenario: 'early-canary' });
    const routeChanges = [
      { service: 'svc-1-1', at: T0 + 2_100, cluster: 'green' as const },
      { service: 'svc-1-1', at: T0 + 12_400, cluster: 'blue' as const },
    ];

    // Act
    const executions = [
      { name: 'rehearsal', entry: 'rollout', status: 'ABORTED' },
      { name: 'rehearsal-finish-3', entry: 'finish-rollback', status: 'SUCCEEDED' },
    ];
    const report = buildReport(input({ inject: 'green-outage@50', history, marker, routeChanges, execution: 'ABORTED', executions, notes: ['a note'] }));

    // Assess
    // Green was never dropped from the consumers here.
    expect(report.outcome).toMatchObject({
      expected: 'rolled-back',
      reached: 'rolled-back',
      passed: false,
      reasons: ['the rollback ended with consumers still reading green: green was never proven drained', 'a note'],
    });
    expect(report.rollback).toEqual({
      at: T0 + 12_000,
      by: 'alarm:x',
      reason: 'green errors',
      propagation: { rollbackAt: T0 + 12_000, producersOnGreen: 1, milliseconds: 400, notSwitched: [] },
      greenDropped: null,
    });
    expect(report.executions).toEqual(executions);
  });

  it('reports when and by which execution green was dropped from the consumers after the rollback', () => {
    // Prepare
    const finish = 'arn:aws:states:local:000000000000:execution:kraft-canary-rollout:rehearsal-finish-3';
    const history = [
      doc(1, 1, 'idle', 0),
      doc(2, 2, 'canary', 50),
      doc(3, 12, 'rolled-back', 0, 'alarm:x'),
      doc(4, 30, 'rolled-back', 0, 'alarm:x', { consumers: { blue: true, green: false }, executionArn: finish }),
    ].map((text, i) => ({ version: i + 1, text }));

    // Act
    const report = buildReport(input({ inject: 'green-outage@50', history }));

    // Assess
    expect(report.rollback?.greenDropped).toEqual({ at: T0 + 30_000, by: 'rehearsal-finish-3' });
    expect(report.outcome).toMatchObject({ reached: 'rolled-back', passed: true });
    expect(report.stages.at(-1)).toMatchObject({ label: 'rolled-back', startedAt: T0 + 12_000 });
  });

  it('skips an invalid routing version as clients do', () => {
    // Prepare
    const history = [
      { version: 1, text: doc(1, 1, 'idle', 0) },
      { version: 2, text: '{not json' },
    ];

    // Act
    const report = buildReport(input({ history }));

    // Assess
    expect(report.outcome.reached).toBe('idle');
    expect(report.outcome.passed).toBe(false);
  });
});

describe('buildReport: the mover service', () => {
  const moverAccounting = (lost: number) => ({
    blue: counts,
    green: { ...counts, lost },
    total: { ...counts, produced: 20, consumed: 20 - lost, lost },
    unacknowledged: 0,
    lostSample: [],
  });

  it('carries the mover record and passes when it lost nothing', () => {
    // Prepare
    const mover = { group: 'rehearsal-mover', cluster: 'green' as const, movedAt: T0 + 30_000, accounting: moverAccounting(0) };

    // Act
    const report = buildReport(input({ mover }));

    // Assess
    expect(report.mover).toEqual(mover);
    expect(report.outcome.passed).toBe(true);
    expect(buildReport(input())).not.toHaveProperty('mover');
  });

  it('fails when the mover lost a message in its move', () => {
    // Act
    const report = buildReport(input({ mover: { group: 'rehearsal-mover', cluster: 'green', movedAt: T0, accounting: moverAccounting(3) } }));

    // Assess
    expect(report.outcome).toMatchObject({ passed: false, reasons: ['3 acknowledged messages never read by the mover service (lost in its move)'] });
  });
});
