import { describe, expect, it } from 'vitest';
import { EXECUTION_ARN } from '../../support/rollout-fixtures.ts';
import { named, PREFIX, RolloutWorld } from '../../support/rollout-world.ts';

const PAUSED = `${PREFIX}/orders/paused`;
const REQUEST = `${PREFIX}/orders/control`;
const at = '2026-05-04T10:20:00.000Z';

const pause = (world: RolloutWorld, by = 'carol') => world.store.create(PAUSED, JSON.stringify({ by, reason: 'p99 looks odd', at, stageIndex: 0 }));
const ask = (world: RolloutWorld, kind: string, stageIndex: number) =>
  world.store.create(REQUEST, JSON.stringify({ kind, by: 'dave', reason: 'operator says so', at, stageIndex }));

/** `expected` appears in `states` in this order (other states may come between). */
const visits = (states: readonly string[], expected: readonly string[]) => {
  let index = 0;
  for (const name of states) if (name === expected[index]) index += 1;
  return index === expected.length;
};

const kindOf = (payload: unknown) => (payload as { kind?: string }).kind;
const approved = (world: RolloutWorld) => ({ decision: 'approved', approver: 'U0123ABCD', decidedAt: new Date(world.now).toISOString() });

describe('rollout: pause and resume', () => {
  it('ControlDecision paused → HoldWhilePaused → ResumeAfterPause: holds at 20 % with no routing write, then lifts the pause and completes', async () => {
    // Prepare: paused at the second check of stage 1's bake; the hold is answered by a resume.
    const world = new RolloutWorld();
    world.before.checkControls = async (call) => void (call === 2 ? await pause(world) : undefined);
    let routeWhenHeld: string[] = [];
    world.approve = (payload) => {
      if (kindOf(payload) === 'pause') routeWhenHeld = world.route();
      return approved(world);
    };
    // Act
    const result = await world.run();
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(routeWhenHeld).toEqual(['idle:0', 'canary:20']);
    expect(
      visits(result.states, ['CheckControls', 'ControlDecision', 'HoldWhilePaused', 'ResumeAfterPause', 'ControlDecision', 'BakeStage', 'EvaluateGates']),
    ).toBe(true);
    expect(world.approvalRequests.filter((p) => kindOf(p) === 'pause')).toMatchObject([
      { kind: 'pause', stageIndex: 0, fromPercent: 20, toPercent: 20, pause: { by: 'carol', reason: 'p99 looks odd' }, timeoutSeconds: 604_800 },
    ]);
    expect(await world.store.get(PAUSED)).toBeNull();
    expect(world.route()).toEqual(['idle:0', 'canary:20', 'canary:50', 'canary:80', 'draining:100', 'complete:100']);
  });

  it('a rollback while paused wins: routing rolled back, the held execution stopped (ABORTED), the lock left to the rollback', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.abortOnStop = true;
    world.before.checkControls = async (call) => void (call === 1 ? await pause(world) : undefined);
    world.approve = (payload) => {
      if (kindOf(payload) !== 'pause') return approved(world);
      // The alarm's rollback arrives while the rollout is held; the held task never answers.
      void world.rollbackNow('ConsumerLag alarm while paused');
      return new Promise(() => undefined);
    };
    // Act
    const result = await world.run();
    // Assess
    expect(result.status).toBe('ABORTED');
    expect(world.stopped).toEqual([EXECUTION_ARN]);
    expect(world.route()).toEqual(['idle:0', 'canary:20', 'rolled-back:0']);
    expect(world.latest()?.consumers).toEqual({ blue: true, green: true });
  });

  it('HoldWhilePaused PauseLiftedError → CheckControls: a resume before the hold existed is not lost', async () => {
    // Prepare: the pause is lifted between the check and the hold's record.
    const world = new RolloutWorld();
    world.before.checkControls = async (call) => void (call === 1 ? await pause(world) : undefined);
    world.before.requestApproval = async (_call, event) => {
      if (kindOf(event) === 'pause') await world.store.remove(PAUSED);
    };
    // Act
    const result = await world.run();
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(visits(result.states, ['HoldWhilePaused', 'CheckControls', 'ControlDecision', 'BakeStage'])).toBe(true);
    expect(result.states).not.toContain('ResumeAfterPause');
    expect((await world.approvalStore.list('orders')).filter((r) => r.kind === 'pause')).toEqual([]);
  });

  it('HoldWhilePaused States.Timeout → CheckControls: a week-long pause holds again, still without moving traffic', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.before.checkControls = async (call) => void (call === 1 ? await pause(world) : undefined);
    let holds = 0;
    world.approve = (payload) => {
      if (kindOf(payload) !== 'pause') return approved(world);
      holds += 1;
      if (holds === 1) throw named('States.Timeout');
      return approved(world);
    };
    // Act
    const result = await world.run();
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(holds).toBe(2);
    expect(result.states.filter((s) => s === 'HoldWhilePaused')).toHaveLength(2);
  });

  it('HoldWhilePaused Catch States.ALL → HoldOnPauseError: the run ends held at 20 %, routing unchanged, lock released', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.before.checkControls = async (call) => void (call === 1 ? await pause(world) : undefined);
    world.approve = (payload) => {
      if (kindOf(payload) === 'pause') throw named('ApprovalStoreError');
      return approved(world);
    };
    // Act
    const result = await world.run();
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutHeld' });
    expect(result.cause).toContain('holding at 20% green: the pause could not be held (ApprovalStoreError)');
    expect(world.route()).toEqual(['idle:0', 'canary:20']);
    expect(await world.lock()).toBeNull();
  });

  it('PausedBeforeStage paused → HoldBeforeStage → ResumeBeforeStage: a pause during an approval holds before 80 % is written', async () => {
    // Prepare: stage 2 (50 %) asks for approval; the pause comes while it waits.
    const world = new RolloutWorld();
    let routeWhenHeld: string[] = [];
    world.approve = (payload) => {
      if (kindOf(payload) === 'stage') void pause(world);
      if (kindOf(payload) === 'pause') routeWhenHeld = world.route();
      return approved(world);
    };
    // Act
    const result = await world.run();
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(routeWhenHeld).toEqual(['idle:0', 'canary:20', 'canary:50']);
    expect(visits(result.states, ['RequestStageApproval', 'CheckBeforeStage', 'PausedBeforeStage', 'HoldBeforeStage', 'ResumeBeforeStage', 'StageLoop'])).toBe(
      true,
    );
    expect(world.route().at(-1)).toBe('complete:100');
  });

  it('CheckBeforeStage Catch → StageLoop: unreadable controls between stages do not stop the rollout', async () => {
    // Prepare: every check with no bake (between stages) fails.
    const world = new RolloutWorld();
    world.faults.checkControls = (_call, event) => ((event as { bakeSeconds: number }).bakeSeconds === 0 ? named('ThrottlingException') : undefined);
    // Act
    const result = await world.run();
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(result.states).toContain('CheckBeforeStage');
    expect(world.route().at(-1)).toBe('complete:100');
  });

  it('CheckControls Catch → ControlsUnreadable → BakeWithoutControls: the whole bake, then the gates', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.faults.checkControls = () => named('ThrottlingException');
    // Act
    const result = await world.run();
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(visits(result.states, ['CheckControls', 'ControlsUnreadable', 'BakeWithoutControls', 'EvaluateGates'])).toBe(true);
    expect(world.metrics.puts.filter((p) => p.name === 'GateResult').map((p) => p.dimensions.Verdict)).toEqual(['pass', 'pass', 'pass', 'pass']);
  });
});

describe('rollout: promote', () => {
  it('promote ends the bake at the next check: the gates are still judged, the request is used once', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.before.checkControls = async (call) => void (call === 2 ? await ask(world, 'promote', 0) : undefined);
    // Act
    const result = await world.run();
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    // bake, promoted (judge), the pause check before stage 2 (judge), stage 2's bake.
    expect(world.controlDecisions.slice(0, 4)).toEqual(['bake', 'judge', 'judge', 'bake']);
    expect(world.metrics.puts.filter((p) => p.name === 'GateResult').map((p) => p.dimensions.Verdict)).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(await world.store.get(REQUEST)).toBeNull();
  });

  it('a promote whose gates fail still rolls back', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.greenLag = () => 50_000;
    world.before.checkControls = async (call) => void (call === 1 ? await ask(world, 'promote', 0) : undefined);
    // Act
    const result = await world.run();
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutRolledBack' });
    expect(world.route()).toEqual(['idle:0', 'canary:20', 'rolled-back:0', 'rolled-back:0']);
  });

  it('GateVerdict pass + promote-full → RequestPromoteFullApproval → PromoteToCutover: 20 → 100 without 50 and 80, approver recorded', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.before.checkControls = async (call) => void (call === 1 ? await ask(world, 'promote-full', 0) : undefined);
    // Act
    const result = await world.run();
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(world.route()).toEqual(['idle:0', 'canary:20', 'draining:100', 'complete:100']);
    expect(world.approvalRequests.map(kindOf)).toEqual(['promote']);
    expect(world.approvalRequests[0]).toMatchObject({ fromPercent: 20, toPercent: 100, pause: { by: 'dave' }, gate: { verdict: 'pass' } });
    const cutover = world.documents().find((d) => d.phase === 'draining');
    expect(cutover?.updatedBy).toBe('U0123ABCD');
    expect(cutover?.reason).toContain('promoted to the cutover');
    expect(
      visits(result.states, [
        'PromoteToCutover',
        'PromotedToCutover',
        'PromotedCursor',
        'NotifyStageRouting',
        'CheckControls',
        'EvaluateGates',
        'StartBlueDrain',
      ]),
    ).toBe(true);
  });

  it.each(['ApprovalRejected', 'States.Timeout'])('RequestPromoteFullApproval %s → StageNeedsApproval: the rollout goes on stage by stage', async (error) => {
    // Prepare
    const world = new RolloutWorld();
    world.before.checkControls = async (call) => void (call === 1 ? await ask(world, 'promote-full', 0) : undefined);
    world.approve = (payload) => {
      if (kindOf(payload) === 'promote') throw named(error, 'Rejected by U0123ABCD');
      return approved(world);
    };
    // Act
    const result = await world.run();
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(world.route()).toEqual(['idle:0', 'canary:20', 'canary:50', 'canary:80', 'draining:100', 'complete:100']);
  });

  it('RequestPromoteFullApproval RolledBack → RolledBackByOperator', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.before.checkControls = async (call) => void (call === 1 ? await ask(world, 'promote-full', 0) : undefined);
    world.approve = (payload) => {
      if (kindOf(payload) === 'promote') throw named('RolledBack');
      return approved(world);
    };
    world.before.requestApproval = async () => void (await world.rollbackNow('Roll back now'));
    // Act
    const result = await world.run();
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutRolledBack' });
    expect(result.states).toContain('RolledBackByOperator');
  });

  it('PromotedToCutover outside-window → WaitForPromoteWindow → PromoteToCutover', async () => {
    // Prepare: the first promotion write finds the window shut.
    const world = new RolloutWorld();
    world.before.checkControls = async (call) => void (call === 1 ? await ask(world, 'promote-full', 0) : undefined);
    let promoteCalls = 0;
    world.answers.setRouting = (_call, event) => {
      if ((event as { action: string }).action !== 'promote-full' || ++promoteCalls > 1) return undefined;
      return { kind: 'outside-window', windowOpensAt: new Date(world.now + 60_000).toISOString(), stageIndex: null };
    };
    // Act
    const result = await world.run();
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(visits(result.states, ['PromoteToCutover', 'WaitForPromoteWindow', 'PromoteToCutover', 'PromotedCursor'])).toBe(true);
  });

  it('PromotedToCutover refused rolled-back → RolledBackElsewhere: a rollback that raced the promotion wins', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.before.checkControls = async (call) => void (call === 1 ? await ask(world, 'promote-full', 0) : undefined);
    world.before.setRouting = async (_call, event) => {
      if ((event as { action: string }).action === 'promote-full') await world.rollbackNow('alarm');
    };
    // Act
    const result = await world.run();
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutRolledBack' });
    expect(visits(result.states, ['PromoteToCutover', 'PromotedToCutover', 'RolledBackElsewhere'])).toBe(true);
    expect(world.route()).not.toContain('draining:100');
  });

  it('PromoteToCutover Catch → RollbackOnError', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.before.checkControls = async (call) => void (call === 1 ? await ask(world, 'promote-full', 0) : undefined);
    world.faults.setRouting = (_call, event) => ((event as { action: string }).action === 'promote-full' ? named('InvalidStepInputError') : undefined);
    // Act
    const result = await world.run();
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutRolledBack' });
    expect(visits(result.states, ['PromoteToCutover', 'RollbackOnError', 'RollBack'])).toBe(true);
  });
});

describe('rollout: step back', () => {
  it('ControlDecision step-back → StepBackRouting → SteppedBack: 80 → 50 with a higher revision, baked and judged again, then on to completion', async () => {
    // Prepare: the step back is asked during stage 3 (80 %).
    const world = new RolloutWorld();
    world.before.checkControls = async (_call, event) => {
      const { stageIndex } = event as { stageIndex: number; bakeSeconds: number };
      if (stageIndex === 2 && world.route().filter((r) => r === 'canary:80').length === 1 && (await world.store.get(REQUEST)) === null) {
        if (!world.controlDecisions.includes('step-back')) await ask(world, 'step-back', 2);
      }
    };
    // Act
    const result = await world.run();
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(world.route()).toEqual(['idle:0', 'canary:20', 'canary:50', 'canary:80', 'canary:50', 'canary:80', 'draining:100', 'complete:100']);
    const revisions = world.documents().map((d) => d.revision);
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
    expect(new Set(revisions).size).toBe(revisions.length);
    const back = world.documents()[4];
    expect(back).toMatchObject({ updatedBy: 'dave', consumers: { blue: true, green: true } });
    expect(back?.reason).toContain('stepped back to stage 2: operator says so');
    expect(visits(result.states, ['StepBackRouting', 'StepBackApplied', 'SteppedBack', 'NotifyStageRouting', 'CheckControls', 'EvaluateGates'])).toBe(true);
  });

  it('StepBackApplied refused rolled-back → RolledBackElsewhere', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.before.checkControls = async (_call, event) => {
      if ((event as { stageIndex: number }).stageIndex === 1 && !world.controlDecisions.includes('step-back')) await ask(world, 'step-back', 1);
    };
    world.before.setRouting = async (_call, event) => {
      if ((event as { action: string }).action === 'step-back') await world.rollbackNow('alarm');
    };
    // Act
    const result = await world.run();
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutRolledBack' });
    expect(visits(result.states, ['StepBackRouting', 'StepBackApplied', 'RolledBackElsewhere'])).toBe(true);
  });

  it('StepBackApplied default → HoldOnRoutingRefusal: a refused step back holds', async () => {
    // Prepare: SetRouting refuses the step back (the route moved meanwhile).
    const world = new RolloutWorld();
    world.before.checkControls = async (_call, event) => {
      if ((event as { stageIndex: number }).stageIndex === 1 && !world.controlDecisions.includes('step-back')) await ask(world, 'step-back', 1);
    };
    world.answers.setRouting = (_call, event) =>
      (event as { action: string }).action === 'step-back'
        ? { kind: 'refused', code: 'not-a-step-back', message: 'stage 0 is not the stage before', notification: {} }
        : undefined;
    // Act
    const result = await world.run();
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutHeld' });
    expect(result.cause).toContain('routing refused (not-a-step-back)');
  });

  it('StepBackRouting Catch → RollbackOnError', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.before.checkControls = async (_call, event) => {
      if ((event as { stageIndex: number }).stageIndex === 1 && !world.controlDecisions.includes('step-back')) await ask(world, 'step-back', 1);
    };
    world.faults.setRouting = (_call, event) => ((event as { action: string }).action === 'step-back' ? named('InvalidStepInputError') : undefined);
    // Act
    const result = await world.run();
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutRolledBack' });
    expect(visits(result.states, ['StepBackRouting', 'RollbackOnError', 'RollBack'])).toBe(true);
  });
});
