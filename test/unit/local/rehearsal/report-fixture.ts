import type { RehearsalReport, Sample } from '../../../../src/local/rehearsal/report.ts';

const START = Date.parse('2026-05-04T10:00:00.000Z');

const sample = (second: number, phase: Sample['phase'], greenPercent: number, green: number): Sample => ({
  at: START + second * 1000,
  phase,
  greenPercent,
  produced: { blue: 120 - green, green },
  consumed: { blue: 118 - green, green: green + 1 },
  lag: { blue: 3, green: second > 20 && second < 26 ? null : 1 },
});

/** A rehearsal with an injected green outage and a rollback, times fixed for golden files. */
export function rolledBackReport(): RehearsalReport {
  return {
    schema: 1,
    migration: 'rehearsal',
    startedAt: new Date(START).toISOString(),
    endedAt: new Date(START + 41_500).toISOString(),
    durationSeconds: 41.5,
    settings: { plan: 'built-in', services: 3, instances: 2, rate: 20, speed: 100, stages: [20, 50, 80, 100], inject: 'green-outage@50' },
    outcome: {
      expected: 'rolled-back',
      reached: 'rolled-back',
      execution: 'ABORTED',
      passed: true,
      reasons: ['3 duplicate deliveries (at-least-once redelivery)'],
    },
    executions: [
      { name: 'rehearsal', entry: 'rollout', status: 'ABORTED' },
      { name: 'rehearsal-finish-4', entry: 'finish-rollback', status: 'SUCCEEDED' },
    ],
    accounting: {
      blue: { produced: 3900, consumed: 3898, lost: 0, stranded: 0, duplicated: 1, retried: 12 },
      green: { produced: 820, consumed: 822, lost: 0, stranded: 0, duplicated: 2, retried: 0 },
      total: { produced: 4720, consumed: 4720, lost: 0, stranded: 0, duplicated: 3, retried: 12 },
      unacknowledged: 0,
      lostSample: [],
    },
    stages: [
      { label: 'idle', phase: 'idle', greenPercent: 0, startedAt: START + 1_000, endedAt: START + 1_200, seconds: 0.2 },
      { label: 'canary 20%', phase: 'canary', greenPercent: 20, startedAt: START + 1_200, endedAt: START + 11_000, seconds: 9.8 },
      { label: 'canary 50%', phase: 'canary', greenPercent: 50, startedAt: START + 11_000, endedAt: START + 23_400, seconds: 12.4 },
      { label: 'rolled-back', phase: 'rolled-back', greenPercent: 0, startedAt: START + 23_400, endedAt: START + 41_500, seconds: 18.1 },
    ],
    gates: [{ at: START + 10_900, greenPercent: 20, verdict: 'pass', reasons: [] }],
    fault: { kind: 'green-outage', atPercent: 50, downAt: START + 13_000, upAt: START + 26_000 },
    rollback: {
      at: START + 23_400,
      by: 'alarm:green-cluster-health',
      reason: 'green brokers unreachable <3 polls>',
      propagation: { rollbackAt: START + 23_400, producersOnGreen: 3, milliseconds: 640, notSwitched: [] },
      greenDropped: { at: START + 38_200, by: 'rehearsal-finish-4' },
    },
    routingChanges: [
      { revision: 3, writtenAt: START + 4_000, instances: 3, p50Ms: 180, p99Ms: 240, maxMs: 240, byPush: 3, byPoll: 0 },
      { revision: 7, writtenAt: START + 23_400, instances: 3, p50Ms: 210, p99Ms: 1_900, maxMs: 1_900, byPush: 2, byPoll: 1 },
    ],
    rebalances: 7,
    samples: [
      sample(0, 'idle', 0, 0),
      sample(5, 'canary', 20, 24),
      sample(12, 'canary', 50, 60),
      sample(18, 'canary', 50, 0),
      sample(24, 'rolled-back', 0, 0),
      sample(40, 'rolled-back', 0, 0),
    ],
  };
}
