import type { Phase } from '@kraft-canary/client/contract';
import { describe, expect, it } from 'vitest';
import { entryPoint } from '../../../../src/controller/preflight/entry-point.ts';
import { routingDoc } from '../../../support/rollout-fixtures.ts';

const doc = (phase: Phase, green: boolean) => routingDoc({ revision: 6, phase, consumers: { blue: phase !== 'complete', green }, reason: `${phase} reason` });

describe('entryPoint', () => {
  it.each([
    ['rolled-back', true],
    ['rolled-back', false],
    ['idle', true],
    ['idle', false],
  ] as const)('finish-rollback on %s with consumers.green %s: runs, telling whether green is still consumed', (phase, green) => {
    // Act
    const point = entryPoint('finish-rollback', doc(phase, green));
    // Assess
    expect(point).toEqual({ kind: 'finish-rollback', finish: { greenConsumed: green, reason: `${phase} reason`, revision: 6 } });
  });

  it.each(['canary', 'draining', 'complete', null] as const)('finish-rollback on %s: refused not-rolled-back', (phase) => {
    // Act
    const point = entryPoint('finish-rollback', phase === null ? null : doc(phase, true));
    // Assess
    expect(point).toMatchObject({ kind: 'refused', code: 'not-rolled-back' });
  });

  it('decommission on complete: runs', () => {
    expect(entryPoint('decommission', doc('complete', true))).toEqual({ kind: 'decommission' });
  });

  it.each(['idle', 'canary', 'draining', 'rolled-back', null] as const)('decommission on %s: refused not-complete', (phase) => {
    // Act
    const point = entryPoint('decommission', phase === null ? null : doc(phase, true));
    // Assess
    expect(point).toMatchObject({ kind: 'refused', code: 'not-complete' });
  });
});
