import { phaseRuleIssues as phaseIssues, type RoutingDocument } from '@kraft-canary/client/contract';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rolledBackDocument } from '../../../src/domain/rolled-back-document.ts';
import { type Action, applyTransition, currentStageIndex, type DrainProof, type TransitionContext } from '../../../src/domain/transitions.ts';
import { AT, doc, domainPlan, EXEC_ARN } from '../../support/domain-fixtures.ts';

const plan = domainPlan();
const NEW_EXEC = 'arn:aws:states:ap-southeast-3:111122223333:execution:kraft-canary-rollout:payments-2';

const proof = (overrides: Partial<DrainProof> = {}): DrainProof => ({
  cluster: 'blue',
  provenAt: AT - 60_000,
  stableForSeconds: 600,
  groups: 3,
  partitions: 24,
  ...overrides,
});

const ctx = (current: RoutingDocument | null, overrides: Partial<TransitionContext> = {}): TransitionContext => ({
  plan,
  current,
  at: AT,
  actor: 'alice',
  reason: 'runbook step',
  executionArn: NEW_EXEC,
  ...overrides,
});

const idle = doc({ phase: 'idle', producers: { greenPercent: 0 }, consumers: { blue: true, green: false } });
const at = (greenPercent: number) => doc({ producers: { greenPercent } });
const draining = doc({ phase: 'draining', producers: { greenPercent: 100 } });
const completeDoc = doc({ phase: 'complete', producers: { greenPercent: 100 }, consumers: { blue: false, green: true } });
const rolledBack = doc({ phase: 'rolled-back', producers: { greenPercent: 0 }, consumers: { blue: true, green: true } });
const rolledBackDrained = doc({ phase: 'rolled-back', producers: { greenPercent: 0 }, consumers: { blue: true, green: false } });

type Route = Pick<RoutingDocument, 'phase' | 'producers' | 'consumers'>;
const route = (phase: RoutingDocument['phase'], greenPercent: number, blue: boolean, green: boolean): Route => ({
  phase,
  producers: { greenPercent },
  consumers: { blue, green },
});

describe('applyTransition: allowed moves', () => {
  const cases: { name: string; context: TransitionContext; action: Action; expected: Route }[] = [
    { name: 'start a new migration', context: ctx(null), action: { kind: 'start' }, expected: route('idle', 0, true, false) },
    { name: 'start again while idle', context: ctx(idle), action: { kind: 'start' }, expected: route('idle', 0, true, false) },
    {
      name: 'start after a rollback keeps reading green until it is drained',
      context: ctx(rolledBack),
      action: { kind: 'start' },
      expected: route('idle', 0, true, true),
    },
    {
      name: 'start after a rollback whose green drain was confirmed',
      context: ctx(rolledBackDrained),
      action: { kind: 'start' },
      expected: route('idle', 0, true, false),
    },
    {
      name: 'first canary stage reads both clusters',
      context: ctx(idle),
      action: { kind: 'advance', stageIndex: 0 },
      expected: route('canary', 20, true, true),
    },
    { name: '20 → 50', context: ctx(at(20)), action: { kind: 'advance', stageIndex: 1 }, expected: route('canary', 50, true, true) },
    { name: '50 → 80', context: ctx(at(50)), action: { kind: 'advance', stageIndex: 2 }, expected: route('canary', 80, true, true) },
    { name: 'cutover from the last canary stage', context: ctx(at(80)), action: { kind: 'cutover' }, expected: route('draining', 100, true, true) },
    {
      name: 'complete with a fresh blue drain proof',
      context: ctx(draining),
      action: { kind: 'complete', drainProof: proof() },
      expected: route('complete', 100, false, true),
    },
    {
      name: 'complete with a proof exactly as old as allowed',
      context: ctx(draining, { maxProofAgeSeconds: 60 }),
      action: { kind: 'complete', drainProof: proof({ provenAt: AT - 60_000 }) },
      expected: route('complete', 100, false, true),
    },
    {
      name: 'confirm green drained after a rollback',
      context: ctx(rolledBack),
      action: { kind: 'confirm-drain', drainProof: proof({ cluster: 'green' }) },
      expected: route('rolled-back', 0, true, false),
    },
    {
      name: 'confirm green drained after a restart that followed a rollback',
      context: ctx(doc({ phase: 'idle', producers: { greenPercent: 0 } })),
      action: { kind: 'confirm-drain', drainProof: proof({ cluster: 'green' }) },
      expected: route('idle', 0, true, false),
    },
    { name: 'resume a canary', context: ctx(at(50)), action: { kind: 'resume' }, expected: route('canary', 50, true, true) },
  ];

  it.each(cases)('$name', ({ context, action, expected }) => {
    // Act
    const result = applyTransition(context, action);
    // Assess
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect({ phase: result.value.phase, producers: result.value.producers, consumers: result.value.consumers }).toEqual(expected);
    expect(result.value.revision).toBe((context.current?.revision ?? 0) + 1);
    expect(phaseIssues(result.value)).toEqual([]);
  });

  it('writes the audit fields and the plan bootstrap strings', () => {
    const result = applyTransition(ctx(null), { kind: 'start' });
    expect(result).toEqual({
      ok: true,
      value: {
        schema: 1,
        migration: 'payments',
        revision: 1,
        phase: 'idle',
        producers: { greenPercent: 0 },
        consumers: { blue: true, green: false },
        clusters: { blue: plan.clusters.blue.bootstrap, green: plan.clusters.green.bootstrap },
        updatedAt: '2026-05-04T03:00:00.000Z',
        updatedBy: 'alice',
        reason: 'runbook step',
        executionArn: NEW_EXEC,
      },
    });
  });

  it('leaves executionArn out of a start without an execution', () => {
    const result = applyTransition(ctx(null, { executionArn: undefined }), { kind: 'start' });
    expect(result.ok && 'executionArn' in result.value).toBe(false);
  });

  it('keeps the running execution when the caller names none', () => {
    const result = applyTransition(ctx(at(20), { executionArn: undefined }), { kind: 'resume' });
    expect(result.ok && result.value.executionArn).toBe(EXEC_ARN);
  });

  it('resume writes the new execution', () => {
    const result = applyTransition(ctx(at(20)), { kind: 'resume' });
    expect(result.ok && result.value.executionArn).toBe(NEW_EXEC);
  });

  it('clips an over-long actor and reason so the document stays valid', () => {
    const result = applyTransition(ctx(null, { actor: 'a'.repeat(300), reason: 'r'.repeat(2000) }), { kind: 'start' });
    expect(result.ok && [result.value.updatedBy.length, result.value.reason.length]).toEqual([256, 1024]);
  });
});

describe('applyTransition: refusals', () => {
  const cases: { code: string; name: string; context: TransitionContext; action: Action }[] = [
    { code: 'not-started', name: 'advance with no document', context: ctx(null), action: { kind: 'advance', stageIndex: 0 } },
    { code: 'migration-mismatch', name: 'document of another migration', context: ctx(doc({ migration: 'orders' })), action: { kind: 'resume' } },
    {
      code: 'migration-mismatch',
      name: 'start over another migration',
      context: ctx(doc({ migration: 'orders', phase: 'idle', producers: { greenPercent: 0 } })),
      action: { kind: 'start' },
    },
    { code: 'rolled-back', name: 'advance after a rollback', context: ctx(rolledBack), action: { kind: 'advance', stageIndex: 0 } },
    { code: 'rolled-back', name: 'cutover after a rollback', context: ctx(rolledBack), action: { kind: 'cutover' } },
    { code: 'rolled-back', name: 'complete after a rollback', context: ctx(rolledBack), action: { kind: 'complete', drainProof: proof() } },
    { code: 'rolled-back', name: 'resume after a rollback', context: ctx(rolledBack), action: { kind: 'resume' } },
    { code: 'complete', name: 'start once complete', context: ctx(completeDoc), action: { kind: 'start' } },
    { code: 'complete', name: 'advance once complete', context: ctx(completeDoc), action: { kind: 'advance', stageIndex: 0 } },
    {
      code: 'complete',
      name: 'confirm-drain once complete',
      context: ctx(completeDoc),
      action: { kind: 'confirm-drain', drainProof: proof({ cluster: 'green' }) },
    },
    { code: 'wrong-phase', name: 'start during a canary', context: ctx(at(20)), action: { kind: 'start' } },
    { code: 'wrong-phase', name: 'advance while draining', context: ctx(draining), action: { kind: 'advance', stageIndex: 2 } },
    { code: 'wrong-phase', name: 'complete during a canary', context: ctx(at(80)), action: { kind: 'complete', drainProof: proof() } },
    {
      code: 'wrong-phase',
      name: 'confirm-drain during a canary',
      context: ctx(at(20)),
      action: { kind: 'confirm-drain', drainProof: proof({ cluster: 'green' }) },
    },
    { code: 'unknown-stage', name: 'stage beyond the plan', context: ctx(at(20)), action: { kind: 'advance', stageIndex: 9 } },
    { code: 'unknown-stage', name: 'fractional stage index', context: ctx(at(20)), action: { kind: 'advance', stageIndex: 0.5 } },
    { code: 'unknown-stage', name: 'document at a percentage the plan does not have', context: ctx(at(35)), action: { kind: 'advance', stageIndex: 1 } },
    { code: 'unknown-stage', name: 'document below the first stage', context: ctx(at(5)), action: { kind: 'advance', stageIndex: 0 } },
    { code: 'skipped-stage', name: 'idle → 50', context: ctx(idle), action: { kind: 'advance', stageIndex: 1 } },
    { code: 'skipped-stage', name: '20 → 80', context: ctx(at(20)), action: { kind: 'advance', stageIndex: 2 } },
    { code: 'skipped-stage', name: 'cutover from 50', context: ctx(at(50)), action: { kind: 'cutover' } },
    { code: 'skipped-stage', name: 'cutover from idle (no jump to 100)', context: ctx(idle), action: { kind: 'cutover' } },
    { code: 'already-at-stage', name: 'advance to the current stage', context: ctx(at(50)), action: { kind: 'advance', stageIndex: 1 } },
    { code: 'already-at-stage', name: 'cutover while draining', context: ctx(draining), action: { kind: 'cutover' } },
    { code: 'backwards', name: '50 → 20', context: ctx(at(50)), action: { kind: 'advance', stageIndex: 0 } },
    { code: 'cutover-required', name: 'advance to the 100 stage', context: ctx(at(80)), action: { kind: 'advance', stageIndex: 3 } },
    { code: 'no-drain-proof', name: 'complete without a proof', context: ctx(draining), action: { kind: 'complete' } as unknown as Action },
    { code: 'no-drain-proof', name: 'proof without a time', context: ctx(draining), action: { kind: 'complete', drainProof: proof({ provenAt: Number.NaN }) } },
    {
      code: 'wrong-cluster-proof',
      name: 'complete with a green proof',
      context: ctx(draining),
      action: { kind: 'complete', drainProof: proof({ cluster: 'green' }) },
    },
    { code: 'wrong-cluster-proof', name: 'confirm-drain with a blue proof', context: ctx(rolledBack), action: { kind: 'confirm-drain', drainProof: proof() } },
    {
      code: 'stale-drain-proof',
      name: 'proof older than 900 s',
      context: ctx(draining),
      action: { kind: 'complete', drainProof: proof({ provenAt: AT - 901_000 }) },
    },
    {
      code: 'stale-drain-proof',
      name: 'proof older than a custom limit',
      context: ctx(draining, { maxProofAgeSeconds: 30 }),
      action: { kind: 'complete', drainProof: proof() },
    },
    {
      code: 'future-drain-proof',
      name: 'proof from the future',
      context: ctx(draining),
      action: { kind: 'complete', drainProof: proof({ provenAt: AT + 1 }) },
    },
    {
      code: 'short-drain-proof',
      name: 'proof stable for less than the plan asks',
      context: ctx(draining),
      action: { kind: 'complete', drainProof: proof({ stableForSeconds: 599 }) },
    },
    {
      code: 'nothing-to-drain',
      name: 'confirm-drain when green is no longer read',
      context: ctx(rolledBackDrained),
      action: { kind: 'confirm-drain', drainProof: proof({ cluster: 'green' }) },
    },
    { code: 'invalid-document', name: 'empty actor', context: ctx(null, { actor: '' }), action: { kind: 'start' } },
    { code: 'invalid-document', name: 'decision time is not an instant', context: ctx(null, { at: Number.NaN }), action: { kind: 'start' } },
  ];

  it.each(cases)('$code: $name', ({ code, context, action }) => {
    const result = applyTransition(context, action);
    expect(result.ok ? 'accepted' : result.error.code).toBe(code);
    expect(result.ok || result.error.message.length > 0).toBe(true);
  });
});

describe('currentStageIndex', () => {
  it.each([
    { name: 'no document', current: null, expected: -1 },
    { name: 'idle', current: idle, expected: -1 },
    { name: 'rolled back', current: rolledBack, expected: -1 },
    { name: 'first stage', current: at(20), expected: 0 },
    { name: 'third stage', current: at(80), expected: 2 },
    { name: 'between stages', current: at(35), expected: 0 },
    { name: 'draining', current: draining, expected: 3 },
    { name: 'complete', current: completeDoc, expected: 3 },
  ])('$name → $expected', ({ current, expected }) => {
    expect(currentStageIndex(plan, current)).toBe(expected);
  });
});

type Step = Action | { kind: 'rollback' };

const actionArb: fc.Arbitrary<Step> = fc.oneof(
  fc.constant<Action>({ kind: 'start' }),
  fc.integer({ min: -1, max: 4 }).map<Action>((stageIndex) => ({ kind: 'advance', stageIndex })),
  fc.constant<Action>({ kind: 'cutover' }),
  fc.constantFrom<Action>({ kind: 'complete', drainProof: proof() }, { kind: 'complete', drainProof: proof({ cluster: 'green' }) }),
  fc.constantFrom<Action>({ kind: 'confirm-drain', drainProof: proof({ cluster: 'green' }) }, { kind: 'confirm-drain', drainProof: proof() }),
  fc.constant<Step>({ kind: 'rollback' }),
  fc.constant<Action>({ kind: 'resume' }),
);

/** A rollback as the controller writes it (no plan: rolled-back-document.ts), else a transition. */
function applyStep(current: RoutingDocument | null, action: Step): { ok: true; value: RoutingDocument } | { ok: false } {
  if (action.kind !== 'rollback') return applyTransition(ctx(current), action);
  // The rollback use case writes nothing once complete (blue may be gone) or before any document.
  if (current === null || current.phase === 'complete' || current.phase === 'rolled-back') return { ok: false } as const;
  return rolledBackDocument({ migration: current.migration, from: current, aboveRevision: current.revision, at: AT, actor: 'alice', reason: 'runbook step' });
}

describe('invariants under any sequence of actions', () => {
  it('routes only along the plan and never strands a cluster', () => {
    fc.assert(
      fc.property(fc.array(actionArb, { maxLength: 40 }), (actions) => {
        let current: RoutingDocument | null = null;
        let greenMayHoldData = false;
        for (const action of actions) {
          const result = applyStep(current, action);
          if (!result.ok) continue;
          const next = result.value;
          expect(phaseIssues(next)).toEqual([]);
          expect(next.revision).toBe((current?.revision ?? 0) + 1);
          // Invariant 3: one stage at a time, the 100 stage only from the last canary stage.
          const step = currentStageIndex(plan, next) - currentStageIndex(plan, current);
          if (next.phase === 'canary' || next.phase === 'draining') expect([0, 1]).toContain(step);
          // Invariant 2: after a rollback only a start (or dropping a drained green) is written.
          if (current?.phase === 'rolled-back') expect(['start', 'confirm-drain']).toContain(action.kind);
          // Invariant 1: a cluster leaves the consumers only with a drain proof for it.
          if (next.producers.greenPercent > 0) greenMayHoldData = true;
          if (greenMayHoldData && !next.consumers.green) {
            expect(action.kind).toBe('confirm-drain');
            greenMayHoldData = false;
          }
          if (!next.consumers.blue) expect(action.kind).toBe('complete');
          current = next;
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('operator controls: step back and promote --full', () => {
  it('step back from 50 to stage 0: canary at 20, both clusters consumed, revision + 1', () => {
    // Act
    const next = applyTransition(ctx(at(50)), { kind: 'step-back', stageIndex: 0 });
    // Assess
    expect(next.ok && next.value).toMatchObject({ phase: 'canary', producers: { greenPercent: 20 }, consumers: { blue: true, green: true }, revision: 8 });
  });

  it.each<[string, RoutingDocument, number, string]>([
    ['not the previous stage', at(80), 0, 'not-a-step-back'],
    ['forward is no step back', at(50), 2, 'not-a-step-back'],
    ['no stage before the first', at(20), -1, 'not-a-step-back'],
    ['not an integer', at(50), 0.5, 'not-a-step-back'],
    ['after the cutover', draining, 2, 'wrong-phase'],
    ['before the first stage', idle, 0, 'wrong-phase'],
    ['after a rollback', rolledBack, 0, 'rolled-back'],
    ['after completion', completeDoc, 2, 'complete'],
  ])('step back refused: %s', (_name, current, stageIndex, code) => {
    // Act
    const next = applyTransition(ctx(current), { kind: 'step-back', stageIndex });
    // Assess
    expect(!next.ok && next.error.code).toBe(code);
  });

  it('promote --full from any canary stage: draining at 100, both clusters consumed', () => {
    // Act
    const next = applyTransition(ctx(at(20)), { kind: 'promote-full' });
    // Assess
    expect(next.ok && next.value).toMatchObject({ phase: 'draining', producers: { greenPercent: 100 }, consumers: { blue: true, green: true } });
  });

  it.each<[string, RoutingDocument, string]>([
    ['idle', idle, 'wrong-phase'],
    ['draining', draining, 'wrong-phase'],
    ['rolled back', rolledBack, 'rolled-back'],
  ])('promote --full refused while %s', (_name, current, code) => {
    // Act
    const next = applyTransition(ctx(current), { kind: 'promote-full' });
    // Assess
    expect(!next.ok && next.error.code).toBe(code);
  });
});
