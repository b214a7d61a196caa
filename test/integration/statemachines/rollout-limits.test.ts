import { describe, expect, it } from 'vitest';
import { PLAN_MAX_BYTES, STATE_MAX_BYTES, utf8Bytes } from '../../../src/domain/state-budget.ts';
import { loadRolloutDefinition } from '../../../src/local/rollout-definition.ts';
import { planInput } from '../../support/rollout-fixtures.ts';
import { RolloutWorld } from '../../support/rollout-world.ts';

/** A consumer group name of `length` characters, numbered. */
const groupName = (prefix: string, i: number, length: number) => `${prefix}-${String(i).padStart(4, '0')}-`.padEnd(length, 'x');

describe('rollout: Step Functions quotas', () => {
  it('a 500-group plan on a shared blue (2,000 other groups) keeps every state under 256 KiB, from preflight to release', async () => {
    // Prepare: the plan's groups as long as the plan's size budget allows, all with lag series.
    const world = new RolloutWorld();
    const planned = Array.from({ length: 500 }, (_, i) => groupName('orders-consumer', i, 110));
    for (const group of planned) {
      world.blue.catchUp(group, 'orders');
      for (const cluster of ['orders-blue', 'orders-green']) world.metrics.register('AWS/Kafka', 'SumOffsetLag', { 'Cluster Name': cluster, 'Consumer Group': group, Topic: 'orders' });
    }
    for (let i = 0; i < 2000; i += 1) world.blue.catchUp(groupName('other-team', i, 200), 'payments');
    const plan = { consumerGroups: planned };
    expect(utf8Bytes(JSON.stringify(planInput(plan)))).toBeGreaterThan(PLAN_MAX_BYTES * 0.85);
    expect(utf8Bytes(JSON.stringify(planInput(plan)))).toBeLessThanOrEqual(PLAN_MAX_BYTES);
    // Act
    const result = await world.run(plan);
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(result.states).toEqual(expect.arrayContaining(['Preflight', 'EvaluateGates', 'ConfirmBlueDrain', 'Decommission', 'ReleaseLock']));
    expect(world.largestStateBytes).toBeGreaterThan(PLAN_MAX_BYTES);
    expect(world.largestStateBytes).toBeLessThan(STATE_MAX_BYTES);
  });
});

describe('rollout: idle VPC functions (Lambda.ResourceNotReadyException)', () => {
  type Retrier = { ErrorEquals: string[]; IntervalSeconds?: number; MaxAttempts?: number };
  const states = loadRolloutDefinition().definition.States as Record<string, { Type: string; Retry?: Retrier[] }>;
  const tasks = Object.entries(states).filter(([, state]) => state.Type === 'Task');

  it('the definition has Task states to check', () => {
    expect(tasks.length).toBeGreaterThan(15);
  });

  it.each(tasks.map(([name]) => name))('%s retries it after a minute or more, before any catch-all retrier', (name) => {
    const retry = states[name]?.Retry ?? [];
    const at = retry.findIndex((r) => r.ErrorEquals.includes('Lambda.ResourceNotReadyException'));
    const catchAll = retry.findIndex((r) => r.ErrorEquals.includes('States.ALL'));
    expect(at).toBeGreaterThanOrEqual(0);
    expect(retry[at]?.IntervalSeconds).toBeGreaterThanOrEqual(60);
    expect(retry[at]?.MaxAttempts).toBeGreaterThanOrEqual(3);
    if (catchAll >= 0) expect(at).toBeLessThan(catchAll);
  });

  it('a VPC function that is not ready at its first invoke is retried and the rollout goes on', async () => {
    // Prepare
    const world = new RolloutWorld();
    const notReady = () => Object.assign(new Error('The function is inactive'), { name: 'Lambda.ResourceNotReadyException' });
    world.faults.preflight = (call) => (call === 1 ? notReady() : undefined);
    world.faults.confirmDrain = (call) => (call === 1 ? notReady() : undefined);
    // Act
    const result = await world.run();
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(world.calls.preflight).toBe(2);
  });
});
