import { describe, expect, it } from 'vitest';
import { OTHER_EXECUTION_ARN } from '../../support/rollout-fixtures.ts';
import { named, PREFIX, RolloutWorld } from '../../support/rollout-world.ts';

const PAUSED = `${PREFIX}/orders/paused`;
const at = '2026-05-04T11:20:00.000Z';

const pause = (world: RolloutWorld, by = 'carol', when = at) =>
  world.store.create(PAUSED, JSON.stringify({ by, reason: 'blue consumers look odd', at: when, stageIndex: 3 }));

/** `expected` appears in `states` in this order (other states may come between). */
const visits = (states: readonly string[], expected: readonly string[]) => {
  let index = 0;
  for (const name of states) if (name === expected[index]) index += 1;
  return index === expected.length;
};

const kindOf = (payload: unknown) => (payload as { kind?: string }).kind;
const approved = (world: RolloutWorld) => ({ decision: 'approved', approver: 'U0123ABCD', decidedAt: new Date(world.now).toISOString() });
const blueDrainPolls = (states: readonly string[]) => states.filter((s) => s === 'ConfirmBlueDrain').length;

/** A pause asked at the first poll of blue's drain, after the cutover. */
function pausedDuringDrain(world: RolloutWorld): void {
  let asked = false;
  world.before.confirmDrain = async (_call, event) => {
    if ((event as { cluster: string }).cluster !== 'blue' || asked) return;
    asked = true;
    await pause(world);
  };
}

describe('rollout: a pause during the drain of blue', () => {
  it('BlueDrained drained → CheckBeforeFinish paused → HoldBeforeFinish → ResumeBeforeFinish → StartBlueDrain: complete waits for the resume, blue is proven drained again', async () => {
    // Prepare
    const world = new RolloutWorld();
    pausedDuringDrain(world);
    let routeWhenHeld: string[] = [];
    world.approve = (payload) => {
      if (kindOf(payload) === 'pause') routeWhenHeld = world.route();
      return approved(world);
    };
    // Act
    const result = await world.run();
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(routeWhenHeld).toEqual(['idle:0', 'canary:20', 'canary:50', 'canary:80', 'draining:100']);
    expect(
      visits(result.states, [
        'BlueDrained',
        'CheckBeforeFinish',
        'PausedBeforeFinish',
        'HoldBeforeFinish',
        'ResumeBeforeFinish',
        'ResumedBeforeFinish',
        'StartBlueDrain',
        'ConfirmBlueDrain',
        'CheckBeforeFinish',
        'PausedBeforeFinish',
        'MoversToMove',
        'CompleteRollout',
      ]),
    ).toBe(true);
    expect(world.approvalRequests.filter((p) => kindOf(p) === 'pause')).toMatchObject([
      { kind: 'pause', stageIndex: 3, fromPercent: 100, toPercent: 100, pause: { by: 'carol', reason: 'blue consumers look odd' } },
    ]);
    expect(await world.store.get(PAUSED)).toBeNull();
    expect(world.route()).toEqual(['idle:0', 'canary:20', 'canary:50', 'canary:80', 'draining:100', 'complete:100']);
  });

  it('a run that resumed at the drain (no stage written by it) holds on a pause too', async () => {
    // Prepare: a first run holds after the cutover (blue unreadable); the pause is asked before the rerun.
    const world = new RolloutWorld();
    world.faults.confirmDrain = (_call, event) => ((event as { cluster: string }).cluster === 'blue' ? named('KafkaCredentialsError') : undefined);
    await world.run();
    world.faults.confirmDrain = undefined;
    await pause(world);
    // Act
    const resumed = await world.run({}, { executionArn: OTHER_EXECUTION_ARN });
    // Assess
    expect(resumed.status).toBe('SUCCEEDED');
    expect(resumed.states).not.toContain('SetStageRouting');
    expect(visits(resumed.states, ['ConfirmBlueDrain', 'CheckBeforeFinish', 'HoldBeforeFinish', 'ResumeBeforeFinish', 'CompleteRollout'])).toBe(true);
    expect(world.route().at(-1)).toBe('complete:100');
  });

  it('ResumedBeforeFinish paused → HoldBeforeFinish: a newer pause asked while held holds again', async () => {
    // Prepare: while the first hold waits, someone resumes and pauses again.
    const world = new RolloutWorld();
    pausedDuringDrain(world);
    let holds = 0;
    world.approve = (payload) => {
      if (kindOf(payload) !== 'pause') return approved(world);
      holds += 1;
      if (holds === 1) void world.store.remove(PAUSED).then(() => pause(world, 'dave', '2026-05-04T11:30:00.000Z'));
      return approved(world);
    };
    // Act
    const result = await world.run();
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(holds).toBe(2);
    expect(visits(result.states, ['HoldBeforeFinish', 'ResumeBeforeFinish', 'ResumedBeforeFinish', 'HoldBeforeFinish', 'ResumeBeforeFinish'])).toBe(true);
    expect(world.approvalRequests.filter((p) => kindOf(p) === 'pause').map((p) => (p as { pause: { by: string } }).pause.by)).toEqual(['carol', 'dave']);
  });

  it('HoldBeforeFinish PauseLiftedError → CheckBeforeFinish: a resume before the hold existed is not lost', async () => {
    // Prepare
    const world = new RolloutWorld();
    pausedDuringDrain(world);
    world.before.requestApproval = async (_call, event) => {
      if (kindOf(event) === 'pause') await world.store.remove(PAUSED);
    };
    // Act
    const result = await world.run();
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(visits(result.states, ['HoldBeforeFinish', 'CheckBeforeFinish', 'PausedBeforeFinish', 'MoversToMove', 'CompleteRollout'])).toBe(true);
    expect(result.states).not.toContain('ResumeBeforeFinish');
  });

  it('HoldBeforeFinish Catch States.ALL → HoldOnFinishPauseError: ends held, still draining, nothing rolls back, lock released', async () => {
    // Prepare
    const world = new RolloutWorld();
    pausedDuringDrain(world);
    world.approve = (payload) => {
      if (kindOf(payload) === 'pause') throw named('ApprovalStoreError');
      return approved(world);
    };
    // Act
    const result = await world.run();
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutHeld' });
    expect(result.cause).toBe(
      'orders: holding after the cutover: the pause could not be held (ApprovalStoreError). Producers stay on green, consumers read both, complete is not written; resume, then start the rollout again to resume the drain.',
    );
    expect(result.states).not.toContain('RollBack');
    expect(world.latest()).toMatchObject({ phase: 'draining', consumers: { blue: true, green: true } });
    expect(await world.lock()).toBeNull();
  });

  it('HoldBeforeFinish RolledBack → RolledBackByOperator: Roll back now on the pause message after the cutover', async () => {
    // Prepare
    const world = new RolloutWorld();
    pausedDuringDrain(world);
    world.approve = (payload) => {
      if (kindOf(payload) === 'pause') throw named('RolledBack');
      return approved(world);
    };
    world.before.requestApproval = async (_call, event) => {
      if (kindOf(event) === 'pause') await world.rollbackNow('Roll back now while paused after the cutover');
    };
    // Act
    const result = await world.run();
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutRolledBack' });
    expect(visits(result.states, ['HoldBeforeFinish', 'RolledBackByOperator', 'StartGreenDrain'])).toBe(true);
    expect(world.route()).not.toContain('complete:100');
    expect(world.latest()?.phase).toBe('rolled-back');
  });

  it('CheckBeforeFinish Catch → MoversToMove: unreadable controls after the drain do not stop the completion', async () => {
    // Prepare: every check that runs after blue is drained fails.
    const world = new RolloutWorld();
    world.faults.checkControls = (_call, event) =>
      (event as { bakeStartedAt?: string }).bakeStartedAt === undefined ? named('ThrottlingException') : undefined;
    // Act
    const result = await world.run();
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(visits(result.states, ['CheckBeforeFinish', 'MoversToMove', 'CompleteRollout'])).toBe(true);
  });

  it('ResumeBeforeFinish Catch → StartBlueDrain: a failed check after the resume proves blue drained again and completes', async () => {
    // Prepare: the resume removes the pause before it answers the hold, as `kraft-canary resume` does.
    const world = new RolloutWorld();
    pausedDuringDrain(world);
    world.approve = (payload) => {
      if (kindOf(payload) === 'pause') void world.store.remove(PAUSED);
      return approved(world);
    };
    world.faults.checkControls = (_call, event) => {
      const check = event as { resumed?: unknown; bakeStartedAt?: string };
      return check.resumed !== undefined && check.bakeStartedAt === undefined ? named('ThrottlingException') : undefined;
    };
    // Act
    const result = await world.run();
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(visits(result.states, ['HoldBeforeFinish', 'ResumeBeforeFinish', 'StartBlueDrain', 'ConfirmBlueDrain', 'CompleteRollout'])).toBe(true);
    expect(blueDrainPolls(result.states)).toBeGreaterThan(1);
  });
});
