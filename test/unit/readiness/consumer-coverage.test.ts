import { describe, expect, it } from 'vitest';
import { baselineRows, blueConsumers } from '../../../src/readiness/consumer-baseline.ts';
import { greenCoverage } from '../../../src/readiness/consumer-coverage.ts';
import { readinessWorld } from '../../support/readiness-world.ts';

type World = ReturnType<typeof readinessWorld>;

/** orders (2 partitions, 100 messages each) on both clusters; billing reads it on blue. */
function world(overrides: Parameters<typeof readinessWorld>[0] = {}): World {
  const w = readinessWorld(overrides);
  w.blue.topic('orders', 2, 3, {}, [100, 100]).topic('audit', 1, 3, {}, [5]);
  w.green.topic('orders', 2, 3);
  w.blue.group('billing', { committed: { orders: [100, 98] }, state: 'Stable', members: 2, assigned: ['orders'] });
  return w;
}

async function check(w: World, mode: 'readiness' | 'gate' = 'readiness', declared: Parameters<typeof greenCoverage>[3] = []) {
  const blue = await blueConsumers(w.ports.blue, w.plan);
  const coverage = await greenCoverage(w.ports.green, blue.groups, w.plan, declared, mode);
  return { blue, coverage, rows: [...baselineRows(blue.groups, w.plan), ...blue.rows, ...coverage.rows] };
}

describe('consumer baseline and coverage', () => {
  it('is ok for a stable group with lag near zero that is present on green, and records the baseline', async () => {
    // Prepare
    const w = world();
    w.green.group('billing', { committed: {}, state: 'Stable', members: 2 });

    // Act
    const { blue, rows } = await check(w);

    // Assess
    expect(blue.groups).toEqual([{ group: 'billing', state: 'Stable', members: 2, topics: ['orders'], lag: 2 }]);
    expect(rows).toEqual([
      { check: 'consumers', status: 'ok', details: '1 groups on blue, total lag 2, highest 2 (baseline recorded)' },
      { check: 'consumers/green', status: 'ok', details: '1 of 1 consuming groups have a reader on green' },
    ]);
  });

  it('counts committed offsets on green, the plan and Lambda trigger twins as readers', async () => {
    // Prepare
    const w = world({ consumerGroups: ['ledger'] });
    w.blue.group('ledger', { committed: { orders: [100, 100] }, state: 'Stable', members: 1 });
    w.blue.group('fn-group', { committed: { orders: [100, 100] }, state: 'Stable', members: 1 });
    w.green.can.listGroups = false;
    w.green.group('billing', { committed: { orders: [0, 0] } });
    const twin = { group: 'fn-group', source: 'Lambda trigger uuid-9 (Disabled)', active: false };

    // Act
    const { coverage, rows } = await check(w, 'readiness', [twin]);

    // Assess
    expect(coverage.missing).toEqual([]);
    expect(rows.filter((r) => r.status !== 'ok')).toEqual([
      { check: 'consumers/green', status: 'warn', details: expect.stringContaining('green cannot list consumer groups (ListGroups unsupported)') },
    ]);
  });

  it('warns when blue cannot list or describe groups and checks the plan groups instead', async () => {
    // Prepare
    const w = world({ consumerGroups: ['billing'] });
    w.blue.can.listGroups = false;
    w.blue.can.describeGroups = false;
    w.blue.group('unlisted', { committed: { orders: [0, 0] } });

    // Act
    const { blue, rows } = await check(w);

    // Assess
    expect(blue.groups.map((g) => [g.group, g.state, g.lag])).toEqual([['billing', null, 2]]);
    expect(rows.filter((r) => r.status === 'warn').map((r) => r.details)).toEqual([
      "blue cannot list consumer groups (ListGroups unsupported): checked the plan's consumerGroups and movers only (1)",
      'blue cannot describe consumer groups (DescribeGroups unsupported): group state not checked, lag only',
    ]);
  });

  it('warns about a group without members that still holds offsets', async () => {
    // Prepare
    const w = world();
    w.blue.group('billing', { committed: { orders: [100, 100] }, state: 'Empty', members: 0 });
    w.green.group('billing', { committed: {} });

    // Act
    const { rows } = await check(w);

    // Assess
    expect(rows).toContainEqual({ check: 'consumers/billing', status: 'warn', details: 'no active members on blue (Empty) with committed offsets on orders' });
  });

  it('fails on lag above the plan limit, a rebalancing group and a consumer with no reader on green', async () => {
    // Prepare
    const w = world({ gates: { maxLag: 1000, maxLagByGroup: { billing: 1 } } });
    w.blue.group('billing', { committed: { orders: [50, null] }, state: 'PreparingRebalance', members: 2 });

    // Act
    const { coverage, rows } = await check(w);

    // Assess
    expect(coverage.missing).toEqual(['billing']);
    expect(rows.filter((r) => r.status === 'fail').map((r) => `${r.check}: ${r.details}`)).toEqual([
      'consumers: 1 groups on blue, total lag 150, highest 150 (baseline recorded)',
      "consumers/billing: lag 150 on blue is above the plan's limit 1: let it catch up before the first stage",
      'consumers/billing: group is PreparingRebalance, not Stable',
      'consumers/green: 0 of 1 consuming groups have a reader on green',
      expect.stringMatching(/^consumers\/billing: consumes orders on blue but has no reader on green/),
    ]);
  });

  it('does not count a disabled trigger twin at the first-stage gate', async () => {
    // Prepare
    const w = world();
    const twin = { group: 'billing', source: 'Lambda trigger uuid-9 (Disabled)', active: false };

    // Act
    const readiness = await check(w, 'readiness', [twin]);
    const gate = await check(w, 'gate', [twin]);

    // Assess
    expect(readiness.coverage.missing).toEqual([]);
    expect(gate.coverage.missing).toEqual(['billing']);
  });

  it('ignores groups that consume only excluded topics', async () => {
    // Prepare
    const w = world({ topics: { exclude: ['orders'] } });

    // Act
    const { coverage, blue } = await check(w);

    // Assess
    expect(blue.groups).toEqual([{ group: 'billing', state: 'Stable', members: 2, topics: [], lag: 0 }]);
    expect(coverage.missing).toEqual([]);
  });
});
