import { describe, expect, it } from 'vitest';
import { LocalExecutions, TaskFailure } from '../../../../src/local/rehearsal/local-executions.ts';

describe('LocalExecutions', () => {
  it('resumes a waiting task with its output', async () => {
    // Prepare
    const executions = new LocalExecutions('arn:exec', () => {});
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
    const executions = new LocalExecutions('arn:exec', () => {});
    const waiting = executions.waitFor('t1');

    // Act
    await executions.sendTaskFailure('t1', 'ApprovalRejected', 'Rejected by someone');

    // Assess
    await expect(waiting).rejects.toMatchObject({ name: 'ApprovalRejected', message: 'Rejected by someone' });
  });

  it('answers an abandoned token as already decided', async () => {
    // Prepare
    const executions = new LocalExecutions('arn:exec', () => {});
    void executions.waitFor('t1');
    executions.abandon('t1');

    // Act
    const answer = await executions.sendTaskFailure('t1', 'RolledBack', 'x');

    // Assess
    expect(answer).toBe('already-decided');
  });

  it('stops the execution: records it, ends waiting tasks and tells the runner', async () => {
    // Prepare
    const stopped: string[] = [];
    const executions = new LocalExecutions('arn:exec', (arn) => stopped.push(arn));
    const waiting = executions.waitFor('t1');

    // Act
    await executions.stopExecution('arn:exec', 'rolled back by alarm');

    // Assess
    await expect(waiting).rejects.toBeInstanceOf(TaskFailure);
    expect(stopped).toEqual(['arn:exec']);
    expect(executions.stops).toEqual([{ executionArn: 'arn:exec', cause: 'rolled back by alarm' }]);
    await expect(executions.startExecution()).rejects.toThrow('the rehearsal runs one execution');
  });

  it('describes its one execution as running until the runner reports its end', async () => {
    // Prepare
    const executions = new LocalExecutions('arn:exec', () => {});

    // Act
    const running = await executions.describeExecution('arn:exec');
    executions.ended('FAILED');

    // Assess
    expect(running).toBe('RUNNING');
    expect(await executions.describeExecution('arn:exec')).toBe('FAILED');
    expect(await executions.describeExecution('arn:other')).toBe('NOT_FOUND');
  });
});
