import type { RoutingDocument } from '@kraft-canary/client/contract';
import { describe, expect, it } from 'vitest';
import { GreenOutage, type OutagePhase, outageStep } from '../../../../src/local/rehearsal/green-outage.ts';

const config = { atPercent: 50, leadMs: 1_000, holdMs: 2_000, maxDownMs: 30_000 };
const doc = (phase: RoutingDocument['phase'], greenPercent: number): RoutingDocument => ({
  schema: 1,
  migration: 'rehearsal',
  revision: 3,
  phase,
  producers: { greenPercent },
  consumers: { blue: true, green: phase !== 'idle' },
  updatedAt: '2026-05-04T10:00:00.000Z',
  updatedBy: 'test',
  reason: 'test',
});

describe('outageStep', () => {
  it.each<{ name: string; phase: OutagePhase; doc: RoutingDocument | null; now: number; next: OutagePhase; action: string | null }>([
    { name: 'waits for the stage', phase: { kind: 'armed' }, doc: doc('canary', 20), now: 5, next: { kind: 'armed' }, action: null },
    { name: 'waits without a document', phase: { kind: 'armed' }, doc: null, now: 5, next: { kind: 'armed' }, action: null },
    { name: 'notes the stage is reached', phase: { kind: 'armed' }, doc: doc('canary', 50), now: 5, next: { kind: 'reached', at: 5 }, action: null },
    { name: 'fires at a draining 100 stage too', phase: { kind: 'armed' }, doc: doc('draining', 100), now: 5, next: { kind: 'armed' }, action: null },
    { name: 'holds the lead time', phase: { kind: 'reached', at: 5 }, doc: doc('canary', 50), now: 900, next: { kind: 'reached', at: 5 }, action: null },
    {
      name: 'takes green down after the lead',
      phase: { kind: 'reached', at: 5 },
      doc: doc('canary', 50),
      now: 1_005,
      next: { kind: 'down', at: 1_005, rollbackSeenAt: null },
      action: 'take-green-down',
    },
    {
      name: 'notes the rollback',
      phase: { kind: 'down', at: 1_000, rollbackSeenAt: null },
      doc: doc('rolled-back', 0),
      now: 4_000,
      next: { kind: 'down', at: 1_000, rollbackSeenAt: 4_000 },
      action: null,
    },
    {
      name: 'brings green back after the hold',
      phase: { kind: 'down', at: 1_000, rollbackSeenAt: 4_000 },
      doc: doc('rolled-back', 0),
      now: 6_000,
      next: { kind: 'restored', downAt: 1_000, upAt: 6_000 },
      action: 'bring-green-up',
    },
    {
      name: 'brings green back when no rollback comes',
      phase: { kind: 'down', at: 1_000, rollbackSeenAt: null },
      doc: doc('canary', 50),
      now: 31_000,
      next: { kind: 'restored', downAt: 1_000, upAt: 31_000 },
      action: 'bring-green-up',
    },
    {
      name: 'does nothing once restored',
      phase: { kind: 'restored', downAt: 1, upAt: 2 },
      doc: doc('canary', 50),
      now: 99_000,
      next: { kind: 'restored', downAt: 1, upAt: 2 },
      action: null,
    },
  ])('$name', ({ phase, doc, now, next, action }) => {
    // Act
    const step = outageStep(phase, doc, now, config);

    // Assess
    expect(step).toEqual({ phase: next, action });
  });

  it('fires at the 100 stage when that is the target', () => {
    // Act
    const step = outageStep({ kind: 'armed' }, doc('draining', 100), 7, { ...config, atPercent: 100 });

    // Assess
    expect(step.phase).toEqual({ kind: 'reached', at: 7 });
  });
});

describe('GreenOutage', () => {
  it('takes every green broker down and back up, and reports when', async () => {
    // Prepare
    const calls: string[] = [];
    const events: string[] = [];
    const target = {
      brokerIds: [1, 2],
      brokerDown: async (id: number) => void calls.push(`down ${id}`),
      brokerUp: async (id: number) => void calls.push(`up ${id}`),
    };
    const outage = new GreenOutage(config, target, (_at, text) => events.push(text));

    // Act
    outage.observe(doc('canary', 50), 0);
    outage.observe(doc('canary', 50), 1_000);
    outage.observe(doc('rolled-back', 0), 3_000);
    outage.observe(doc('rolled-back', 0), 5_000);
    await outage.settle(6_000);

    // Assess
    expect(calls).toEqual(['down 1', 'down 2', 'up 1', 'up 2']);
    expect(events).toEqual(['fault: green brokers down', 'fault: green brokers back up']);
    expect(outage.record).toEqual({ kind: 'green-outage', atPercent: 50, downAt: 1_000, upAt: 5_000 });
  });

  it('brings green back when the rehearsal ends during the outage, and reports a failing call', async () => {
    // Prepare
    const events: string[] = [];
    const target = {
      brokerIds: [1],
      brokerDown: async () => {},
      brokerUp: async () => {
        throw new Error('mock cluster is not running');
      },
    };
    const outage = new GreenOutage(config, target, (_at, text) => events.push(text));
    outage.observe(doc('canary', 50), 0);
    outage.observe(doc('canary', 50), 1_000);

    // Act
    await outage.settle(2_000);

    // Assess
    expect(events).toEqual([
      'fault: green brokers down',
      'fault: green brokers back up (rehearsal ending)',
      'fault: green brokers back up (rehearsal ending) failed: mock cluster is not running',
    ]);
    expect(outage.record).toEqual({ kind: 'green-outage', atPercent: 50, downAt: 1_000, upAt: 2_000 });
  });
});
