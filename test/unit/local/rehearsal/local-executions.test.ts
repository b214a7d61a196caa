import { describe, expect, it } from 'vitest';
import { LocalExecutions, type LocalRunner, TaskFailure } from '../../../../src/local/rehearsal/local-executions.ts';
import type { RolloutResult } from '../../../../src/local/run-rollout.ts';

const SM = 'arn:aws:states:local:000000000000:stateMachine:rollout';
const arn = (name: string) => `arn:aws:states:local:000000000000:execution:rollout:${name}`;

/** A runner whose executions end when the test says so, or as ABORTED when their signal fires. */
function controllableRunner() {
  const ends = new Map<string, (result: RolloutResult) => void>();
  const inputs: Record<string, unknown>[] = [];
  const runner: LocalRunner = (executionArn, input, signal) =>
    new Promise((resolve) => {
      inputs.push(input);
      ends.set(executionArn, resolve);
      signal.addEventListener('abort', () => resolve({ status: 'ABORTED', cause: String(signal.reason), states: ['Preflight'] }), { once: true });
    });
  const end = (name: string, result: Omit<RolloutResult, 'states'>) => ends.get(arn(name))?.({ ...result, states: [] });
  return { runner, end, inputs };
}

function setup() {
  const events: string[] = [];
  const executions = new LocalExecutions(SM, (text) => events.push(text));
  const control = controllableRunner();
  executions.useRunner(control.runner);
  return { executions, events, ...control };
}

describe('LocalExecutions: callback Tasks', () => {
  it('resumes a waiting task with its output', async () => {
    // Prepare
    const { executions } = setup();
    const waiting = executions.waitFor('t1');

    // Act
    const answer = await executions.sendTaskSuccess('t1', { decision: 'approved' });
    const again = await executions.sendTaskSuccess('t1', { decision: 'approved' });

    // Assess
    expect(answer).toBe('accepted');
    expect(again).toBe('already-decided');
    await expect(waiting).resolves.toEqual({ decision: 'approved' });
  });

  it('fails a waiting task with an error the state machine can catch by name', async () => {
    // Prepare
    const { executions } = setup();
    const waiting = executions.waitFor('t1');

    // Act
    await executions.sendTaskFailure('t1', 'ApprovalRejected', 'Rejected by someone');

    // Assess
    await expect(waiting).rejects.toMatchObject({ name: 'ApprovalRejected', message: 'Rejected by someone' });
  });

  it('answers an abandoned token as already decided', async () => {
    // Prepare
    const { executions } = setup();
    void executions.waitFor('t1');
    executions.abandon('t1');

    // Act
    const answer = await executions.sendTaskFailure('t1', 'RolledBack', 'x');

    // Assess
    expect(answer).toBe('already-decided');
  });
});

describe('LocalExecutions: executions', () => {
  it('runs an execution by name: RUNNING with its input, then how it ended', async () => {
    // Prepare
    const { executions, end, events } = setup();

    // Act
    const done = executions.run('rehearsal', { plan: { migration: 'm' }, requestedBy: 'rehearsal' });
    const running = await executions.describeExecution(arn('rehearsal'));
    end('rehearsal', { status: 'FAILED', error: 'RolloutHeld', cause: 'held' });
    const result = await done;

    // Assess
    expect(running).toBe('RUNNING');
    expect(result.status).toBe('FAILED');
    expect(await executions.describeExecution(arn('rehearsal'))).toBe('FAILED');
    expect(await executions.executionInput(arn('rehearsal'))).toEqual({ plan: { migration: 'm' }, requestedBy: 'rehearsal' });
    expect(await executions.describeExecution(arn('other'))).toBe('NOT_FOUND');
    expect(await executions.executionInput(arn('other'))).toBeNull();
    expect(executions.executions()).toEqual([{ name: 'rehearsal', executionArn: arn('rehearsal'), entry: 'rollout', status: 'FAILED', error: 'RolloutHeld' }]);
    expect(events).toEqual(['execution rehearsal started (rollout)', 'execution rehearsal (rollout) ended: FAILED (RolloutHeld: held)']);
  });

  it('stops an execution: ABORTED at once, waiting tasks end, the runner is aborted with the cause', async () => {
    // Prepare
    const { executions } = setup();
    const done = executions.run('rehearsal', { plan: {} });
    const waiting = executions.waitFor('t1');

    // Act
    await executions.stopExecution(arn('rehearsal'), 'rolled back: lag alarm');
    const status = await executions.describeExecution(arn('rehearsal'));

    // Assess
    expect(status).toBe('ABORTED');
    await expect(waiting).rejects.toBeInstanceOf(TaskFailure);
    await expect(done).resolves.toMatchObject({ status: 'ABORTED', cause: 'rolled back: lag alarm' });
    expect(executions.stops).toEqual([{ executionArn: arn('rehearsal'), cause: 'rolled back: lag alarm' }]);
  });

  it('stopping an execution that already ended changes nothing', async () => {
    // Prepare
    const { executions, end } = setup();
    const done = executions.run('rehearsal', { plan: {} });
    end('rehearsal', { status: 'SUCCEEDED' });
    await done;

    // Act
    await executions.stopExecution(arn('rehearsal'), 'late');

    // Assess
    expect(await executions.describeExecution(arn('rehearsal'))).toBe('SUCCEEDED');
  });

  it('starts another execution of the same state machine with the given input; the same name again is already started', async () => {
    // Prepare
    const { executions, inputs, end } = setup();
    const input = { plan: { migration: 'm' }, requestedBy: 'alarm:x', entry: 'finish-rollback' };

    // Act
    const first = await executions.startExecution(SM, 'm-finish-3', input);
    const again = await executions.startExecution(SM, 'm-finish-3', input);

    // Assess
    expect(first).toEqual({ executionArn: arn('m-finish-3'), alreadyStarted: false });
    expect(again).toEqual({ executionArn: arn('m-finish-3'), alreadyStarted: true });
    expect(inputs).toEqual([input]);
    expect(executions.executions().map((e) => [e.name, e.entry, e.status])).toEqual([['m-finish-3', 'finish-rollback', 'RUNNING']]);
    end('m-finish-3', { status: 'SUCCEEDED' });
    await executions.settled();
    expect(executions.executions().map((e) => e.status)).toEqual(['SUCCEEDED']);
  });

  it('refuses another state machine', async () => {
    // Prepare
    const { executions } = setup();

    // Act
    const start = executions.startExecution('arn:aws:states:local:000000000000:stateMachine:other', 'x', {});

    // Assess
    await expect(start).rejects.toMatchObject({ name: 'StateMachineDoesNotExist' });
  });

  it('settles once every execution ended, including one started while it waited', async () => {
    // Prepare
    const { executions, end } = setup();
    const rollout = executions.run('rehearsal', { plan: {} });
    const settled = executions.settled();

    // Act: the rollout is stopped and the finish started before the rollout's end is seen.
    await executions.stopExecution(arn('rehearsal'), 'rolled back');
    await executions.startExecution(SM, 'finish', { entry: 'finish-rollback' });
    await rollout;
    setImmediate(() => end('finish', { status: 'SUCCEEDED' }));
    const waited = await settled;

    // Assess
    expect(waited).toBe(true);
    expect(executions.executions().map((e) => [e.name, e.status])).toEqual([
      ['rehearsal', 'ABORTED'],
      ['finish', 'SUCCEEDED'],
    ]);
    expect(await executions.settled()).toBe(false);
  });
});
