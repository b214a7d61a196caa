import { describe, expect, it } from 'vitest';
import { EVENTS_OUTSIDE_STAGES_AND_POLLS, EVENTS_PER_DRAIN_POLL, EVENTS_PER_STAGE, EVENTS_PER_STATE } from '../../../src/domain/history-budget.ts';
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
      for (const cluster of ['orders-blue', 'orders-green'])
        world.metrics.register('AWS/Kafka', 'SumOffsetLag', { 'Cluster Name': cluster, 'Consumer Group': group, Topic: 'orders' });
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

describe('rollout: execution history (25,000 events per execution)', () => {
  type State = { Type: string; Resource?: unknown; Next?: string; Choices?: { Next: string }[]; Default?: string };
  const states = loadRolloutDefinition().definition.States as Record<string, State>;
  const CALLBACK = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
  const eventsOf = (name: string): number => {
    const state = states[name] as State;
    if (state.Type !== 'Task') return EVENTS_PER_STATE.other;
    return state.Resource === CALLBACK ? EVENTS_PER_STATE.callbackTask : EVENTS_PER_STATE.lambdaTask;
  };
  /** Step Functions' count for a run: ExecutionStarted, every state entered, and the end. */
  const historyOf = (entered: readonly string[]) => 2 + entered.reduce((n, name) => n + eventsOf(name), 0);

  it.each([
    ['ConfirmBlueDrain', 'BlueDrained', 'WaitForBlueDrain'],
    ['ConfirmGreenDrain', 'GreenDrained', 'WaitForGreenDrain'],
  ])("one drain poll of the definition (%s → %s → %s → again) is the budget's 9 events", (task, choice, wait) => {
    expect(states[task]?.Next).toBe(choice);
    expect(states[choice]?.Default).toBe(wait);
    expect(states[wait]?.Next).toBe(task);
    expect(eventsOf(task) + eventsOf(choice) + eventsOf(wait)).toBe(EVENTS_PER_DRAIN_POLL);
  });

  it.each([
    ['the happy path to a deleted blue', {}, () => undefined],
    [
      'a gate failure at the last stage, then a long green drain',
      {},
      (world: RolloutWorld) => {
        world.greenLag = (stage) => (stage === 3 ? 50_000 : 5);
      },
    ],
  ] as const)('the budget bounds a real run: %s', async (_, plan, arrange) => {
    // Prepare: the drain takes a while (blue keeps consumers, green is slow to empty).
    const world = new RolloutWorld();
    arrange(world);
    // Act
    const result = await world.run({ ...plan, decommission: 'delete' });
    // Assess
    const polls = result.states.filter((s) => s === 'ConfirmBlueDrain' || s === 'ConfirmGreenDrain').length;
    const stages = planInput().stages.length;
    const bound = EVENTS_OUTSIDE_STAGES_AND_POLLS + stages * EVENTS_PER_STAGE + polls * EVENTS_PER_DRAIN_POLL;
    expect(polls).toBeGreaterThan(0);
    expect(historyOf(result.states)).toBeLessThanOrEqual(bound);
  });
});
