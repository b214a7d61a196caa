import type { RoutingDocument } from '@kraft-canary/client/contract';
import { describe, expect, it } from 'vitest';
import { GreenSlowdown } from '../../../../src/local/rehearsal/green-slow.ts';

const config = { atPercent: 50, leadMs: 1_000, holdMs: 2_000, maxDownMs: 30_000, factor: 3 };
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

describe('GreenSlowdown', () => {
  it("delays every green broker's responses by (factor − 1) × blue's mean from the stage on, and restores them after the rollback", async () => {
    // Prepare
    const calls: string[] = [];
    const events: string[] = [];
    const target = { brokerIds: [1, 2], brokerRtt: async (id: number, ms: number) => void calls.push(`${id}: ${ms} ms`) };
    const slow = new GreenSlowdown(
      config,
      target,
      () => 2.4,
      (_at, text) => events.push(text),
    );

    // Act
    slow.observe(doc('canary', 20), 0);
    slow.observe(doc('canary', 50), 500);
    slow.observe(doc('canary', 50), 1_500);
    slow.observe(doc('rolled-back', 0), 3_000);
    slow.observe(doc('rolled-back', 0), 5_000);
    await slow.settle(6_000);

    // Assess
    expect(calls).toEqual(['1: 5 ms', '2: 5 ms', '1: 0 ms', '2: 0 ms']);
    expect(events).toEqual([
      "fault: green brokers answer 5 ms late (blue's mean produce latency 2.40 ms, factor 3)",
      'fault: green brokers answer on time again',
    ]);
    expect(slow.record).toEqual({ kind: 'green-slow', atPercent: 50, downAt: 1_500, upAt: 5_000, rttMs: 5 });
  });

  it('adds at least 2 ms without a measurement of blue, restores green when the rehearsal ends, and reports a failing call', async () => {
    // Prepare
    const events: string[] = [];
    const target = {
      brokerIds: [1],
      brokerRtt: async (_id: number, ms: number) => {
        if (ms === 0) throw new Error('mock cluster is not running');
      },
    };
    const slow = new GreenSlowdown(
      { ...config, factor: 1.2 },
      target,
      () => null,
      (_at, text) => events.push(text),
    );
    expect(slow.record).toEqual({ kind: 'green-slow', atPercent: 50, downAt: null, upAt: null, rttMs: 0 });
    slow.observe(doc('canary', 50), 0);
    slow.observe(doc('canary', 50), 1_000);
    expect(slow.record).toMatchObject({ downAt: 1_000, upAt: null, rttMs: 2 });

    // Act
    await slow.settle(2_000);

    // Assess
    expect(events).toEqual([
      "fault: green brokers answer 2 ms late (blue's mean produce latency 1.00 ms, factor 1.2)",
      'fault: green brokers answer on time again (rehearsal ending)',
      'fault: green brokers answer on time again (rehearsal ending) failed: mock cluster is not running',
    ]);
    expect(slow.record).toEqual({ kind: 'green-slow', atPercent: 50, downAt: 1_000, upAt: 2_000, rttMs: 2 });
  });
});
