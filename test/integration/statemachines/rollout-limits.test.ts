import { describe, expect, it } from 'vitest';
import { PLAN_MAX_BYTES, STATE_MAX_BYTES, utf8Bytes } from '../../../src/domain/state-budget.ts';
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
