import { describe, expect, it } from 'vitest';
import { blueConsumers } from '../../../src/readiness/consumer-baseline.ts';
import { groupClassRows } from '../../../src/readiness/group-classes.ts';
import { moverRows } from '../../../src/readiness/mover-readiness.ts';
import { readinessWorld } from '../../support/readiness-world.ts';

const HOOK = 'arn:aws:lambda:eu-west-1:111122223333:function:move-scorer';
const WEEK_MS = '604800000';
const HOUR_MS = '3600000';

type World = ReturnType<typeof readinessWorld>;

/** Blue holds one group of each kind; green has the topics. */
function world(overrides: Parameters<typeof readinessWorld>[0] = {}): World {
  const w = readinessWorld({ consumerGroups: ['billing'], ...overrides });
  for (const c of [w.blue, w.green]) c.topic('orders', 2, 3, { 'retention.ms': WEEK_MS }, [10, 10]);
  w.blue
    .topic('scorer-totals-changelog', 2, 3, { 'cleanup.policy': 'compact' }, [4, 4])
    .topic('scorer-by-customer-repartition', 2, 3, {}, [0, 0])
    .topic('connect-offsets', 1, 3, { 'cleanup.policy': 'compact' }, [3])
    .topic('connect-configs', 1, 3, { 'cleanup.policy': 'compact' }, [1])
    .topic('connect-status', 1, 3, { 'cleanup.policy': 'compact' }, [1]);
  w.green.topic('scorer-totals-changelog', 2, 3, { 'cleanup.policy': 'compact' }, [0, 0]);
  w.blue.group('billing', { committed: { orders: [10, 10] }, state: 'Stable', members: 1 });
  w.blue.group('scorer', { committed: { orders: [10, 10], 'scorer-by-customer-repartition': [0, 0] }, state: 'Stable', members: 1 });
  w.blue.group('connect-s3-sink', { committed: { orders: [10, 10] }, state: 'Stable', members: 1 });
  w.blue.group('reporting', { committed: { orders: [10, 9] }, state: 'Stable', members: 1 });
  return w;
}

async function rowsOf(w: World) {
  const blue = await blueConsumers(w.ports.blue, w.plan);
  const topics = await w.ports.blue.kafka.listTopics();
  return [...groupClassRows(blue.groups, topics, w.plan).rows, ...(await moverRows(w.ports, w.plan, blue.groups, topics))];
}

describe('group classes', () => {
  it('classifies every blue group and warns for each one that neither reads both clusters nor moves', async () => {
    // Prepare
    const w = world();

    // Act
    const rows = await rowsOf(w);

    // Assess
    expect(rows.map((r) => [r.check, r.status])).toEqual([
      ['groups', 'warn'],
      ['groups/billing', 'ok'],
      ['groups/connect-s3-sink', 'warn'],
      ['groups/reporting', 'warn'],
      ['groups/scorer', 'warn'],
    ]);
    expect(rows[0]?.details).toBe('4 groups on blue: 1 kraft-canary client, 0 Lambda trigger, 1 Kafka Streams, 1 Connect, 1 unknown; 0 move at the cutover');
    expect(rows[3]?.details).toContain(
      "unknown (not in consumerGroups, no Kafka Streams internal topics, not a connect-* group): cannot be shown to read both clusters: list it in the plan's consumerGroups",
    );
  });

  it('passes the movers, checks their inputs and state, and warns for a mover not on blue or of another kind', async () => {
    // Prepare
    const w = world({
      slack: { channel: 'C0123ABCD' },
      movers: [
        {
          group: 'scorer',
          kind: 'streams',
          move: { lambda: HOOK },
          state: { strategy: 'replicate', replicatedBy: { tool: 'msk-replicator', name: 'orders-rep' } },
        },
        { group: 'connect-s3-sink', kind: 'connect', move: { slack: true }, state: { strategy: 'reprocess' } },
        { group: 'reporting', kind: 'streams', topics: ['orders'], move: { slack: true } },
        { group: 'gone', kind: 'other', move: { slack: true } },
      ],
    });
    w.green.produce('scorer-totals-changelog', 0, 4);

    // Act
    const rows = await rowsOf(w);

    // Assess
    expect(rows.map((r) => [r.check, r.status, r.details])).toEqual([
      ['groups', 'warn', '4 groups on blue: 1 kraft-canary client, 0 Lambda trigger, 1 Kafka Streams, 1 Connect, 1 unknown; 3 move at the cutover'],
      ['groups/billing', 'ok', "kraft-canary client (listed in the plan's consumerGroups): reads both clusters during the canary"],
      [
        'groups/connect-s3-sink',
        'ok',
        'Connect (Connect sink group name connect-<connector>; Connect storage topics connect-configs, connect-offsets, connect-status): reads blue only, moves to green at the cutover, asked for in Slack',
      ],
      ['groups/reporting', 'ok', expect.stringContaining('unknown (')],
      ['groups/scorer', 'ok', expect.stringContaining(`moves to green at the cutover, by the hook ${HOOK}`)],
      ['groups/gone', 'warn', 'listed in movers but not seen on blue: nothing to move'],
      ['movers/scorer/retention', 'ok', 'inputs keep at least 168 h on green, rollout window 29 h'],
      ['movers/scorer/state', 'ok', 'replicate by msk-replicator orders-rep: 1 state topic(s) hold messages on green'],
      ['movers/connect-s3-sink/retention', 'ok', 'inputs keep at least 168 h on green, rollout window 29 h'],
      ['movers/connect-s3-sink/state', 'warn', expect.stringContaining('reprocess: ')],
      ['movers/reporting/retention', 'ok', 'inputs keep at least 168 h on green, rollout window 29 h'],
      ['movers/reporting/state', 'ok', 'no state topics on blue'],
      ['movers/gone/retention', 'warn', "no input topics known: name them in the mover's topics"],
      ['movers/gone/state', 'ok', 'no state topics on blue'],
    ]);
  });

  it('fails a Streams application whose changelog has no replica when its inputs keep less than the rollout window', async () => {
    // Prepare
    const w = world({ movers: [{ group: 'scorer', kind: 'streams', move: { lambda: HOOK }, state: { strategy: 'rebuild' } }] });
    w.green.topic('orders', 2, 3, { 'retention.ms': HOUR_MS }, [0, 0]);

    // Act
    const rows = await rowsOf(w);

    // Assess
    expect(rows.filter((r) => r.check.startsWith('movers/'))).toEqual([
      { check: 'movers/scorer/retention', status: 'fail', details: expect.stringContaining('orders keeps 1 h on green, less than the rollout window 29 h') },
      {
        check: 'movers/scorer/state',
        status: 'fail',
        details:
          'changelogs scorer-totals-changelog have no replica and orders keeps 1 h, less than the rollout window 29 h: the stores cannot be rebuilt on green. Replicate the changelogs (state.strategy: replicate)',
      },
    ]);
  });

  it('warns of a declared kind that differs from what blue shows, and of retention it cannot read', async () => {
    // Prepare
    const w = world({ movers: [{ group: 'scorer', kind: 'connect', move: { lambda: HOOK } }] });
    w.green.can.describeConfigs = false;
    w.green.topics.delete('scorer-totals-changelog');

    // Act
    const rows = await rowsOf(w);

    // Assess
    expect(rows.filter((r) => r.check.includes('scorer'))).toEqual([
      { check: 'groups/scorer', status: 'warn', details: expect.stringContaining('but listed in movers as connect: check its kind and state') },
      {
        check: 'movers/scorer/retention',
        status: 'warn',
        details: 'retention of orders on green unknown (configs not described): compare it with the rollout window 29 h',
      },
      { check: 'movers/scorer/state', status: 'warn', details: 'state topics connect-offsets and no state.strategy: name rebuild, replicate or reprocess' },
    ]);
  });

  it('counts a topic missing on green as unknown retention', async () => {
    // Prepare
    const w = world({ movers: [{ group: 'reporting', kind: 'other', topics: ['invoices'], move: { lambda: HOOK } }] });

    // Act
    const rows = await rowsOf(w);

    // Assess
    expect(rows.find((r) => r.check === 'movers/reporting/retention')?.status).toBe('warn');
  });
});

describe('Lambda trigger groups', () => {
  it('passes the group of a Lambda trigger on blue', async () => {
    // Prepare
    const w = world();
    const blue = await blueConsumers(w.ports.blue, w.plan);

    // Act
    const { rows } = groupClassRows(blue.groups, [], w.plan, ['reporting']);

    // Assess
    expect(rows.find((r) => r.check === 'groups/reporting')).toEqual({
      check: 'groups/reporting',
      status: 'ok',
      details: 'Lambda trigger (the group of a Lambda event source mapping on blue): its twin on green reads green (see triggers)',
    });
  });
});
