import { describe, expect, it } from 'vitest';
import { preflightReadiness, preflightReadinessChecks } from '../../../src/readiness/preflight-readiness.ts';
import { clusterDescription } from '../../support/fakes/memory-cluster-registry.ts';
import { BLUE_ARN, GREEN_ARN, readinessWorld } from '../../support/readiness-world.ts';

const FN = 'arn:aws:lambda:eu-west-1:123456789012:function:settle-orders';

async function run(w: ReturnType<typeof readinessWorld>) {
  const outcomes = await Promise.all(preflightReadinessChecks(w.ports).map((check) => check(w.plan)));
  return { rows: outcomes.flatMap((o) => o.rows), actions: outcomes.flatMap((o) => o.actions) };
}

describe('preflightReadinessChecks', () => {
  it('adds KRaft mode, specs, schemas, readers on green and trigger twins, without lag rows', async () => {
    // Prepare
    const w = readinessWorld();
    w.blue.topic('orders', 1, 3, {}, [5]);
    w.green.topic('orders', 1, 3);
    w.blue.group('billing', { committed: { orders: [5] }, state: 'Stable', members: 1 });
    w.green.group('billing', { committed: {} });

    // Act
    const { rows } = await run(w);

    // Assess
    expect(rows.map((r) => `${r.check} ${r.status}`)).toEqual([
      'clusters/green-mode ok',
      'clusters/parity ok',
      'schemas ok',
      'consumers/green ok',
      'triggers ok',
      'authorization/iam warn',
    ]);
  });

  it('fails on a ZooKeeper green, a consumer without a reader and a missing trigger twin, and never offers actions', async () => {
    // Prepare
    const w = readinessWorld();
    w.msk.set(GREEN_ARN, clusterDescription({ kafkaVersion: '3.7.x', instanceType: 'kafka.m5.large' }));
    w.blue.topic('orders', 1, 3, {}, [5]);
    w.blue.group('billing', { committed: { orders: [5] }, state: 'CompletingRebalance', members: 1 });
    w.triggers.add({ sourceArn: BLUE_ARN, functionArn: FN, topics: ['orders'] });

    // Act
    const { rows, actions } = await run(w);

    // Assess
    expect(rows.filter((r) => r.status !== 'ok').map((r) => `${r.check} ${r.status}`)).toEqual([
      'clusters/green-mode fail',
      'clusters/parity warn',
      'consumers/billing fail',
      'consumers/green fail',
      'consumers/billing fail',
      'triggers fail',
      'triggers/settle-orders fail',
      'authorization/iam warn',
    ]);
    expect(actions).toEqual([]);
  });

  it('reports a check that cannot run as a failing row', async () => {
    // Prepare
    const w = readinessWorld();
    w.msk.set(GREEN_ARN, new Error('denied'));

    // Act
    const { rows } = await run(w);

    // Assess
    expect(rows[0]).toEqual({ check: 'clusters', status: 'fail', details: 'check could not run: Error' });
  });
});

describe('preflightReadiness', () => {
  it('opens the ports for the plan, runs the checks and closes them', async () => {
    // Prepare
    const w = readinessWorld();
    const calls: string[] = [];
    const check = preflightReadiness(async () => {
      calls.push('open');
      return { ports: w.ports, close: async () => void calls.push('close') };
    });

    // Act
    const outcome = await check(w.plan);

    // Assess
    expect(calls).toEqual(['open', 'close']);
    expect(outcome.rows.map((r) => r.check)).toContain('clusters/green-mode');
  });

  it('reports ports that cannot be opened as a failing row', async () => {
    // Prepare
    const w = readinessWorld();
    const check = preflightReadiness(async () =>
      Promise.reject(Object.assign(new Error('secret'), { name: 'KafkaCredentialsError', message: 'scram-sha-512 needs a secretId' })),
    );

    // Act
    const outcome = await check(w.plan);

    // Assess
    expect(outcome.rows).toEqual([
      { check: 'readiness', status: 'fail', details: 'cannot connect the readiness checks: KafkaCredentialsError: scram-sha-512 needs a secretId' },
    ]);
  });
});
