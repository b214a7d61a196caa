import { phaseRuleIssues, type RoutingDocument } from '@kraft-canary/client/contract';
import { describe, expect, it } from 'vitest';
import { greenMayHoldMessages, type RolledBackInput, rolledBackDocument } from '../../../src/domain/rolled-back-document.ts';
import { AT, doc, EXEC_ARN } from '../../support/domain-fixtures.ts';

const idle = doc({ phase: 'idle', producers: { greenPercent: 0 }, consumers: { blue: true, green: false } });
const at = (greenPercent: number) => doc({ producers: { greenPercent } });
const draining = doc({ phase: 'draining', producers: { greenPercent: 100 } });

const input = (from: RoutingDocument | null, overrides: Partial<RolledBackInput> = {}): RolledBackInput => ({
  migration: 'payments',
  from,
  aboveRevision: from?.revision ?? 0,
  at: AT,
  actor: 'alice',
  reason: 'runbook step',
  ...overrides,
});

const route = (d: RoutingDocument) => ({ phase: d.phase, producers: d.producers, consumers: d.consumers });

describe('rolledBackDocument', () => {
  it.each([
    { name: 'roll back a canary', from: at(50), green: true },
    { name: 'roll back after the cutover', from: draining, green: true },
    { name: 'roll back before the first stage', from: idle, green: false },
    { name: 'roll back with no document readable', from: null, green: true },
  ])('$name: producers on blue, consumers keep green while it may hold messages', ({ from, green }) => {
    // Act
    const result = rolledBackDocument(input(from));
    // Assess
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(route(result.value)).toEqual({ phase: 'rolled-back', producers: { greenPercent: 0 }, consumers: { blue: true, green } });
    expect(result.value.revision).toBe((from?.revision ?? 0) + 1);
    expect(phaseRuleIssues(result.value)).toEqual([]);
    expect(greenMayHoldMessages(from)).toBe(green);
  });

  it('keeps green on a re-assertion over a racing write, whatever the base says', () => {
    const result = rolledBackDocument(input(idle, { keepGreen: true, aboveRevision: 41 }));
    expect(result.ok && [result.value.consumers, result.value.revision]).toEqual([{ blue: true, green: true }, 42]);
  });

  it('keeps the running execution and the clusters of the document it starts from, and the reason as given', () => {
    const result = rolledBackDocument(input(at(20), { reason: 'runbook step [early-canary]' }));
    expect(result.ok && [result.value.executionArn, result.value.clusters, result.value.reason]).toEqual([
      EXEC_ARN,
      at(20).clusters,
      'runbook step [early-canary]',
    ]);
  });

  it('writes no execution or clusters when it starts from nothing', () => {
    const result = rolledBackDocument(input(null));
    expect(result.ok && ['executionArn' in result.value, 'clusters' in result.value]).toEqual([false, false]);
  });

  it('clips an over-long actor and reason so the document stays valid', () => {
    const result = rolledBackDocument(input(at(20), { actor: 'a'.repeat(300), reason: 'r'.repeat(2000) }));
    expect(result.ok && [result.value.updatedBy.length, result.value.reason.length]).toEqual([256, 1024]);
  });

  it('refuses, as a value, a document the contract would not accept', () => {
    const result = rolledBackDocument(input(at(20), { migration: 'Not A Migration Id!' }));
    expect(result.ok).toBe(false);
  });
});
