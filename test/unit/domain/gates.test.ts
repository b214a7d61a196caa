import type { Cluster } from '@kraft-canary/client/contract';
import { describe, expect, it } from 'vitest';
import { type ClientSeries, evaluateGates, type GateInput, type LagSeries } from '../../../src/domain/gates.ts';
import type { Gates } from '../../../src/domain/plan.ts';

const START = Date.parse('2026-05-04T03:00:00.000Z');
const END = START + 15 * 60_000;
const gates: Gates = { maxLag: 1000, maxLagByGroup: { search: 50_000 }, maxLagGrowth: 500, maxErrorRate: 0.001 };

const series = (values: readonly number[], from = START): { at: number; value: number }[] => values.map((value, i) => ({ at: from + i * 60_000, value }));

const lag = (cluster: Cluster, group: string, values: readonly number[], topic?: string): LagSeries => ({
  cluster,
  group,
  points: series(values),
  ...(topic ? { topic } : {}),
});

const client = (cluster: Cluster, errors: readonly number[], operations: readonly number[]): ClientSeries => ({
  cluster,
  errors: series(errors),
  operations: series(operations),
});

const healthyLag = [lag('blue', 'ledger', [10, 12, 8]), lag('green', 'ledger', [4, 5, 3])];
const healthyClients = [client('blue', [0, 1], [5000, 5000]), client('green', [0, 0], [1000, 1000])];

const input = (overrides: Partial<GateInput> = {}): GateInput => ({
  gates,
  window: { start: START, end: END },
  expectedGroups: ['ledger'],
  lag: healthyLag,
  clients: healthyClients,
  ...overrides,
});

describe('evaluateGates verdicts', () => {
  const cases: { name: string; input: GateInput; verdict: 'pass' | 'fail' | 'inconclusive'; reasons: string[] }[] = [
    { name: 'healthy bake passes', input: input(), verdict: 'pass', reasons: [] },
    {
      name: 'lag above maxLag fails',
      input: input({ lag: [lag('blue', 'ledger', [10, 1500, 10]), healthyLag[1]!] }),
      verdict: 'fail',
      reasons: ['lag of ledger on blue reached 1500 > 1000'],
    },
    {
      name: 'per-group override raises the limit',
      input: input({ expectedGroups: ['ledger', 'search'], lag: [...healthyLag, lag('blue', 'search', [20_000, 20_100]), lag('green', 'search', [0, 0])] }),
      verdict: 'pass',
      reasons: [],
    },
    {
      name: 'lag growth above maxLagGrowth fails',
      input: input({ lag: [healthyLag[0]!, lag('green', 'ledger', [100, 300, 900])] }),
      verdict: 'fail',
      reasons: ['lag of ledger on green grew by 800 > 500 in the window'],
    },
    {
      name: 'error rate above maxErrorRate fails',
      input: input({ clients: [healthyClients[0]!, client('green', [3, 2], [1000, 1000])] }),
      verdict: 'fail',
      reasons: ['error rate on green 0.00250 (5/2000) > 0.001'],
    },
    {
      name: 'a failure wins over missing data',
      input: input({ lag: [lag('blue', 'ledger', [2000, 2000])], clients: [] }),
      verdict: 'fail',
      reasons: ['lag of ledger on blue reached 2000 > 1000', 'no lag data for ledger on green', 'no client metrics for blue', 'no client metrics for green'],
    },
    {
      name: 'expected group without any series is inconclusive',
      input: input({ lag: [healthyLag[0]!] }),
      verdict: 'inconclusive',
      reasons: ['no lag data for ledger on green'],
    },
    {
      name: 'expected group with no points inside the window is inconclusive',
      input: input({ lag: [healthyLag[0]!, { cluster: 'green', group: 'ledger', points: series([1, 1], END + 60_000) }] }),
      verdict: 'inconclusive',
      reasons: ['lag of ledger on green has 0 point(s) in the window; 2 needed'],
    },
    {
      name: 'a series with one point is inconclusive',
      input: input({ lag: [healthyLag[0]!, lag('green', 'ledger', [1], 'payments.v1')] }),
      verdict: 'inconclusive',
      reasons: ['lag of ledger/payments.v1 on green has 1 point(s) in the window; 2 needed'],
    },
    {
      name: 'no client series for a cluster is inconclusive',
      input: input({ clients: [healthyClients[0]!] }),
      verdict: 'inconclusive',
      reasons: ['no client metrics for green'],
    },
    {
      name: 'client errors never reported is inconclusive',
      input: input({ clients: [healthyClients[0]!, client('green', [], [1000, 1000])] }),
      verdict: 'inconclusive',
      reasons: ['no client error data for green in the window'],
    },
    {
      name: 'no client operations is inconclusive',
      input: input({ clients: [healthyClients[0]!, client('green', [0], [0, 0])] }),
      verdict: 'inconclusive',
      reasons: ['no client operations on green in the window'],
    },
    {
      name: 'an empty window is inconclusive',
      input: input({ window: { start: END, end: START } }),
      verdict: 'inconclusive',
      reasons: expect.arrayContaining(['the gate window is empty']) as unknown as string[],
    },
  ];

  it.each(cases)('$name → $verdict', ({ input: gateInput, verdict, reasons }) => {
    // Act
    const result = evaluateGates(gateInput);
    // Assess
    expect(result.verdict).toBe(verdict);
    expect(result.reasons).toEqual(reasons);
  });
});

describe('evaluateGates measurements', () => {
  it('reports max and growth per cluster and group, and error rates per cluster', () => {
    const result = evaluateGates(input());
    expect(result.measurements).toEqual({
      lag: [
        { cluster: 'blue', group: 'ledger', max: 12, growth: -2 },
        { cluster: 'green', group: 'ledger', max: 5, growth: -1 },
      ],
      errorRate: [
        { cluster: 'blue', rate: 0.0001, errors: 1, operations: 10_000 },
        { cluster: 'green', rate: 0, errors: 0, operations: 2000 },
      ],
    });
  });

  it('uses only points inside the window, in time order, and ignores non-numbers', () => {
    const points = [
      { at: END, value: 40 },
      { at: START - 1, value: 99_999 },
      { at: START, value: 10 },
      { at: START + 1, value: Number.NaN },
    ];
    const result = evaluateGates(input({ lag: [{ cluster: 'blue', group: 'ledger', points }, healthyLag[1]!] }));
    expect(result.measurements.lag[0]).toEqual({ cluster: 'blue', group: 'ledger', max: 40, growth: 30 });
  });

  it('counts a point whose metric period overlaps the window start (CloudWatch stamps the period start)', () => {
    const early = { cluster: 'blue' as const, errors: [{ at: START - 30_000, value: 9 }], operations: [{ at: START - 30_000, value: 10 }] };
    const instants = evaluateGates(input({ clients: [early, healthyClients[1]!] }));
    const periods = evaluateGates(input({ clients: [early, healthyClients[1]!], periodSeconds: 60 }));
    const stale = evaluateGates(
      input({
        clients: [{ ...early, errors: [{ at: START - 60_000, value: 9 }], operations: [{ at: START - 60_000, value: 10 }] }, healthyClients[1]!],
        periodSeconds: 60,
      }),
    );
    expect(instants.reasons).toContain('no client error data for blue in the window');
    expect(periods.reasons).toEqual(['error rate on blue 0.900 (9/10) > 0.001']);
    expect(stale.reasons).toContain('no client error data for blue in the window');
  });

  it('does not ask for client traffic on a cluster the stage routes none to, but still judges what it reports', () => {
    const silentBlue = evaluateGates(input({ clients: [healthyClients[1]!], trafficOn: ['green'] }));
    const idleBlue = evaluateGates(input({ clients: [client('blue', [], []), healthyClients[1]!], trafficOn: ['green'] }));
    const failingBlue = evaluateGates(input({ clients: [client('blue', [3], [10]), healthyClients[1]!], trafficOn: ['green'] }));
    expect(silentBlue.verdict).toBe('pass');
    expect(idleBlue.verdict).toBe('pass');
    expect(failingBlue.reasons).toEqual(['error rate on blue 0.300 (3/10) > 0.001']);
  });

  it('checks groups that report lag although the plan does not list them, on their cluster only', () => {
    const result = evaluateGates(input({ lag: [...healthyLag, lag('green', 'audit', [5000, 5000])] }));
    expect(result.verdict).toBe('fail');
    expect(result.measurements.lag.map((m) => `${m.cluster}/${m.group}`)).toEqual(['blue/ledger', 'green/audit', 'green/ledger']);
  });

  it('takes the worst topic of a group', () => {
    const result = evaluateGates(input({ lag: [healthyLag[0]!, lag('green', 'ledger', [1, 2], 'a'), lag('green', 'ledger', [7, 50], 'b')] }));
    expect(result.measurements.lag[1]).toEqual({ cluster: 'green', group: 'ledger', max: 50, growth: 43 });
  });
});
