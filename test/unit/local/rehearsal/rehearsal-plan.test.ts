import { describe, expect, it } from 'vitest';
import { validatePlan } from '../../../../src/domain/plan.ts';
import { DEFAULT_REHEARSAL_PLAN } from '../../../../src/local/rehearsal/default-plan.ts';
import { fleetLayout } from '../../../../src/local/rehearsal/fleet-layout.ts';
import { injectionStage, loadRehearsalPlan, rehearsalPlanInput, scaledTimes } from '../../../../src/local/rehearsal/rehearsal-plan.ts';

const defaultPlan = () => {
  const loaded = loadRehearsalPlan(undefined, 'built-in plan');
  if (!loaded.ok) throw new Error(loaded.error.message);
  return loaded.value;
};

describe('loadRehearsalPlan', () => {
  it('loads the built-in 20/50/80/100 plan', () => {
    // Act
    const plan = defaultPlan();

    // Assess
    expect(plan.stages.map((s) => s.greenPercent)).toEqual([20, 50, 80, 100]);
    // The fleet's groups are added when the rehearsal starts (rehearsalPlanInput).
    expect(plan.consumerGroups).toEqual([]);
  });

  it('lists every problem of a plan file with its path', () => {
    // Prepare
    const text = 'migration: Bad Id\nstages: [{ greenPercent: 50 }]\n';

    // Act
    const result = loadRehearsalPlan(text, 'plan.yml');

    // Assess
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toMatch(/^plan\.yml: plan has \d+ errors\n/);
    expect(result.error.message).toContain('  migration: must be 1-63 characters');
    expect(result.error.message).toContain('  stages.0.greenPercent: the last stage must be 100');
  });
});

describe('injectionStage', () => {
  it.each([
    { atPercent: 20, index: 0 },
    { atPercent: 50, index: 1 },
    { atPercent: 100, index: 3 },
  ])('finds the $atPercent% stage', ({ atPercent, index }) => {
    // Act
    const result = injectionStage(defaultPlan(), { kind: 'green-outage', atPercent });

    // Assess
    expect(result).toEqual({ ok: true, value: index });
  });

  it('refuses a percentage the plan does not stop at', () => {
    // Act
    const result = injectionStage(defaultPlan(), { kind: 'green-outage', atPercent: 35 });

    // Assess
    expect(result).toEqual({
      ok: false,
      error: { message: '--inject green-outage@35: the plan has no stage at 35% (its stages: 20, 50, 80, 100)' },
    });
  });
});

describe('scaledTimes', () => {
  it.each([
    { speed: 1, first: 900, bake: 900, drain: { stableFor: 600, timeout: 7200, pollEvery: 60 }, quiet: 900 },
    { speed: 100, first: 20, bake: 9, drain: { stableFor: 6, timeout: 72, pollEvery: 1 }, quiet: 9 },
    { speed: 1000, first: 20, bake: 1, drain: { stableFor: 1, timeout: 60, pollEvery: 1 }, quiet: 1 },
  ])('divides the plan times by $speed within the plan bounds, the first bake long enough for a group to form', ({ speed, first, bake, drain, quiet }) => {
    // Act
    const times = scaledTimes(defaultPlan(), speed);

    // Assess
    expect(times).toEqual({ bakeSeconds: [first, bake, bake, bake], drain, decommissionQuietFor: quiet });
  });

  it('keeps a zero bake at zero', () => {
    // Prepare
    const plan = { ...defaultPlan(), stages: defaultPlan().stages.map((s) => ({ ...s, bake: 0 })) };

    // Act
    const times = scaledTimes(plan, 100);

    // Assess
    expect(times.bakeSeconds).toEqual([0, 0, 0, 0]);
  });
});

describe('rehearsalPlanInput', () => {
  it('is a valid plan with scaled times and the local bootstrap strings', () => {
    // Act
    const input = rehearsalPlanInput(defaultPlan(), fleetLayout(2, 2), 100, { blue: '127.0.0.1:40001', green: '127.0.0.1:40002' });
    const revalidated = validatePlan(input);

    // Assess
    expect(revalidated.ok).toBe(true);
    if (!revalidated.ok) return;
    expect(revalidated.value.stages.map((s) => s.bake)).toEqual([20, 9, 9, 9]);
    expect(revalidated.value.drain).toEqual({ stableFor: 6, timeout: 72, pollEvery: 1 });
    expect(revalidated.value.decommissionQuietFor).toBe(9);
    expect(revalidated.value.clusters.blue.bootstrap).toBe('127.0.0.1:40001');
    expect(revalidated.value.clusters.green.bootstrap).toBe('127.0.0.1:40002');
    expect(revalidated.value.consumerGroups).toEqual(['svc-1-consumers', 'svc-2-consumers']);
    expect(input.stages).toEqual(DEFAULT_REHEARSAL_PLAN.stages.map((s, i) => ({ ...s, approval: 'auto', bake: i === 0 ? '20s' : '9s' })));
  });

  it('drops a change window so the rehearsal runs now', () => {
    // Prepare
    const plan = { ...defaultPlan(), window: { days: ['sat' as const], start: '02:00', end: '04:00', timeZone: 'UTC' } };

    // Act
    const input = rehearsalPlanInput(plan, fleetLayout(1, 1), 100, { blue: 'b:1', green: 'g:1' });

    // Assess
    expect(input).not.toHaveProperty('window');
  });
});
