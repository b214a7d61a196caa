import { describe, expect, it } from 'vitest';
import type { PlanInput } from '../../../src/domain/plan.ts';
import { BLUE_ARN, EXECUTION_ARN, OTHER_EXECUTION_ARN, planInput, routingDoc } from '../../support/rollout-fixtures.ts';
import { named, PREFIX, RolloutWorld } from '../../support/rollout-world.ts';

const MARKER = `${PREFIX}/orders/rolled-back`;
const quickDrain = { drain: { stableFor: '1m', timeout: '5m', pollEvery: '1m' } };
const markerValue = JSON.stringify({ at: '2026-05-04T09:00:00.000Z', by: 'alarm', reason: 'green lag', scenario: 'early-canary' });

/** `expected` appears in `states` in this order (other states may come between). */
const visits = (states: readonly string[], expected: readonly string[]) => {
  let at = 0;
  for (const name of states) if (name === expected[at]) at += 1;
  return at === expected.length;
};

const entryInput = (entry: string, plan: Partial<PlanInput> = {}) => ({ input: { plan: planInput(plan), requestedBy: 'alarm', entry } });

describe('rollout entry finish-rollback', () => {
  it('drains green after a rollback whose own drain timed out, drops green from the consumers and succeeds with the lock released', async () => {
    // Prepare: a gate fails; green holds unread messages, so the rollback's drain gives up
    const world = new RolloutWorld();
    world.greenLag = () => 50_000;
    world.green.produce('orders', 1, 40);
    const rolledBack = await world.run(quickDrain);
    const before = world.latest();
    world.green.catchUp('billing', 'orders');
    // Act
    const result = await world.run(quickDrain, { ...entryInput('finish-rollback', quickDrain), executionArn: OTHER_EXECUTION_ARN });
    // Assess
    expect(rolledBack.error).toBe('RolloutRolledBack');
    expect(before).toMatchObject({ phase: 'rolled-back', consumers: { blue: true, green: true } });
    expect(result.status).toBe('SUCCEEDED');
    const path = [
      'Preflight',
      'RouteEntry',
      'FinishRollback',
      'FinishRollbackReason',
      'StartGreenDrain',
      'ConfirmGreenDrain',
      'DropGreenConsumers',
      'RollbackFinishedOutcome',
      'NotifyOutcome',
      'ReleaseLock',
      'RollbackFinished',
    ];
    expect(visits(result.states, path)).toBe(true);
    expect(result.states).not.toContain('WaitForChangeWindow');
    expect(result.states).not.toContain('RollBack');
    expect(result.output).toEqual({
      status: 'rollback-finished',
      kind: 'rollback',
      reason: `orders: rollback finished: green is drained and no longer consumed (rolled back: ${before?.reason})`,
    });
    expect(world.latest()).toMatchObject({
      phase: 'rolled-back',
      producers: { greenPercent: 0 },
      consumers: { blue: true, green: false },
      executionArn: OTHER_EXECUTION_ARN,
    });
    expect(world.notifications.at(-1)).toMatchObject({ kind: 'rollback', text: (result.output as { reason: string }).reason });
    expect(await world.store.get(MARKER)).not.toBeNull();
    expect(await world.lock()).toBeNull();
  });

  it('FinishRollback greenConsumed false → NothingToDrain: succeeds at once, writes nothing, releases the lock', async () => {
    // Prepare
    const world = new RolloutWorld();
    await world.store.create(MARKER, markerValue);
    await world.store.write('orders', routingDoc({ revision: 7, phase: 'rolled-back', consumers: { blue: true, green: false } }));
    // Act
    const result = await world.run({}, entryInput('finish-rollback'));
    // Assess
    expect(result).toMatchObject({
      status: 'SUCCEEDED',
      output: { status: 'rollback-finished', reason: 'orders: rollback finished: nothing to drain, consumers no longer read green' },
    });
    expect(visits(result.states, ['Preflight', 'RouteEntry', 'FinishRollback', 'NothingToDrain', 'NotifyOutcome', 'ReleaseLock', 'RollbackFinished'])).toBe(
      true,
    );
    expect(result.states).not.toContain('ConfirmGreenDrain');
    expect(world.documents().map((d) => d.revision)).toEqual([7]);
    expect(await world.lock()).toBeNull();
  });

  it('GreenDrained timedOut → GreenStillConsumed: green not yet drained ends as rolled back, consumers keep green', async () => {
    // Prepare
    const world = new RolloutWorld();
    await world.store.write('orders', routingDoc({ revision: 7, phase: 'rolled-back', consumers: { blue: true, green: true }, reason: 'gates failed' }));
    world.green.produce('orders', 2, 5);
    // Act
    const result = await world.run(quickDrain, entryInput('finish-rollback', quickDrain));
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutRolledBack' });
    expect(result.cause).toBe('orders: rolled back (gates failed); green is not proven drained, consumers keep reading it');
    expect(world.latest()?.consumers).toEqual({ blue: true, green: true });
    expect(await world.lock()).toBeNull();
  });

  it.each([
    ['canary', routingDoc({ revision: 4, phase: 'canary', producers: { greenPercent: 20 }, consumers: { blue: true, green: true } })],
    ['complete', routingDoc({ revision: 9, phase: 'complete', producers: { greenPercent: 100 }, consumers: { blue: false, green: true } })],
  ])('PreflightPassed default → RolloutRefused: finish-rollback on a %s migration is refused (not-rolled-back)', async (_phase, doc) => {
    // Prepare
    const world = new RolloutWorld();
    await world.store.write('orders', doc);
    // Act
    const result = await world.run({}, entryInput('finish-rollback'));
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutRefused' });
    expect(result.cause).toContain('needs a rolled-back migration');
    expect(visits(result.states, ['Preflight', 'PreflightPassed', 'NotifyRefusal', 'RefusedOutcome', 'ReleaseLock', 'RolloutRefused'])).toBe(true);
    expect(world.notifications.at(-1)?.text).toContain('preflight refused (not-rolled-back)');
    expect(world.documents()).toEqual([doc]);
    expect(await world.lock()).toBeNull();
  });
});

describe('rollout entry decommission', () => {
  it('from complete: proves blue drained again, skips the completion and dry-runs the decommission with a fresh proof', async () => {
    // Prepare
    const world = new RolloutWorld();
    await world.run();
    const completed = world.documents().length;
    // Act
    const result = await world.run({}, { ...entryInput('decommission'), executionArn: OTHER_EXECUTION_ARN });
    // Assess
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: { status: 'complete', kind: 'complete' } });
    const path = [
      'Preflight',
      'RouteEntry',
      'WaitForChangeWindow',
      'StartBlueDrain',
      'ConfirmBlueDrain',
      'BlueDrained',
      'DecommissionMode',
      'DryRunDecommission',
      'Decommission',
      'NotifyDecommission',
      'CompleteOutcome',
      'ReleaseLock',
      'RolloutComplete',
    ];
    expect(visits(result.states, path)).toBe(true);
    expect(result.states).not.toContain('SetStageRouting');
    expect(result.states).not.toContain('CompleteRollout');
    const report = world.notifications.filter((n) => n.kind === 'decommission').at(-1)?.text ?? '';
    expect(report).toContain('dry run: would delete orders-blue');
    expect(report).not.toContain('drain-proof');
    expect(world.documents()).toHaveLength(completed);
    expect(world.clusters.deleted).toEqual([]);
    expect(await world.lock()).toBeNull();
  });

  it('after a rejected deletion, a decommission execution asks again and deletes blue once approved', async () => {
    // Prepare: the rollout completes, the deletion is rejected
    const world = new RolloutWorld();
    world.approve = (payload) => {
      if (payload.kind === 'decommission') throw named('ApprovalRejected', 'Rejected by Bob (U0456BOB) at 2026-05-04T10:31:00.000Z: not today');
      return { decision: 'approved', approver: 'U0123ABCD' };
    };
    const first = await world.run({ decommission: 'delete' });
    world.approve = () => ({ decision: 'approved', approver: 'U0456BOB' });
    // Act
    const result = await world.run(
      { decommission: 'delete' },
      { ...entryInput('decommission', { decommission: 'delete' }), executionArn: OTHER_EXECUTION_ARN },
    );
    // Assess
    expect(first.output).toMatchObject({ status: 'complete', kind: 'decommission' });
    expect(result.status).toBe('SUCCEEDED');
    expect(visits(result.states, ['ConfirmBlueDrain', 'DecommissionMode', 'RequestDecommissionApproval', 'Decommission', 'RolloutComplete'])).toBe(true);
    expect(world.approvalRequests.at(-1)).toMatchObject({ kind: 'decommission', executionArn: OTHER_EXECUTION_ARN });
    expect(world.clusters.deleted).toEqual([{ arn: BLUE_ARN, currentVersion: 'K3AEGXETSR30VB' }]);
    expect(world.archive.records).toHaveLength(1);
  });

  it('BlueDrainUnreadable → HoldOnDecommissionDrainError: nothing deleted, the migration stays complete', async () => {
    // Prepare
    const world = new RolloutWorld();
    await world.run();
    world.faults.confirmDrain = () => named('KafkaCredentialsError');
    // Act
    const result = await world.run({}, { ...entryInput('decommission'), executionArn: OTHER_EXECUTION_ARN });
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutHeld' });
    expect(result.cause).toBe(
      'orders: migration complete; blue kept, nothing deleted: the drain of blue could not be checked (KafkaCredentialsError). Start the decommission entry again.',
    );
    expect(result.states).not.toContain('Decommission');
    expect(result.states).not.toContain('HoldOnDrainError');
    expect(world.latest()?.phase).toBe('complete');
    expect(await world.lock()).toBeNull();
  });

  it.each([
    ['rolled-back', routingDoc({ revision: 7, phase: 'rolled-back', consumers: { blue: true, green: false } })],
    ['draining', routingDoc({ revision: 5, phase: 'draining', producers: { greenPercent: 100 }, consumers: { blue: true, green: true } })],
  ])('PreflightPassed default → RolloutRefused: decommission of a %s migration is refused (not-complete)', async (_phase, doc) => {
    // Prepare
    const world = new RolloutWorld();
    await world.store.write('orders', doc);
    // Act
    const result = await world.run({}, entryInput('decommission'));
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutRefused' });
    expect(result.cause).toContain('needs a complete migration');
    expect(world.notifications.at(-1)?.text).toContain('preflight refused (not-complete)');
    expect(result.states).not.toContain('Decommission');
    expect(world.documents()).toEqual([doc]);
    expect(await world.lock()).toBeNull();
  });
});

describe('rollout: CompleteRollout errors after the cutover hold', () => {
  it('CompleteRollout Catch → HoldOnCompleteError: the document stays draining, nothing rolls back, the lock is released; a rerun completes', async () => {
    // Prepare: the write of the complete document fails after blue was proven drained
    const world = new RolloutWorld();
    world.faults.setRouting = (_call, event) => ((event as { action?: string }).action === 'complete' ? named('AwsCallError') : undefined);
    // Act
    const held = await world.run();
    const afterHold = { route: world.latest(), lock: await world.lock(), marker: await world.store.get(MARKER) };
    world.faults.setRouting = undefined;
    const resumed = await world.run({}, { executionArn: OTHER_EXECUTION_ARN });
    // Assess
    expect(held).toMatchObject({ status: 'FAILED', error: 'RolloutHeld' });
    expect(
      visits(held.states, ['ConfirmBlueDrain', 'BlueDrained', 'CompleteRollout', 'HoldOnCompleteError', 'NotifyOutcome', 'ReleaseLock', 'RolloutHeld']),
    ).toBe(true);
    expect(held.states).not.toContain('RollBack');
    expect(held.states).not.toContain('StartGreenDrain');
    expect(held.cause).toBe(
      'orders: holding after the cutover: blue is proven drained but the completion could not be written (AwsCallError); producers stay on green, consumers read both. Start the rollout again to resume the drain.',
    );
    expect(afterHold).toEqual({
      route: expect.objectContaining({
        phase: 'draining',
        producers: { greenPercent: 100 },
        consumers: { blue: true, green: true },
        executionArn: EXECUTION_ARN,
      }),
      lock: null,
      marker: null,
    });
    expect(world.notifications.find((n) => n.text === held.cause)?.kind).toBe('hold');
    expect(resumed.status).toBe('SUCCEEDED');
    expect(resumed.states).not.toContain('SetStageRouting');
    expect(world.route()).toEqual(['idle:0', 'canary:20', 'canary:50', 'canary:80', 'draining:100', 'complete:100']);
  });
});
