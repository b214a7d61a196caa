import {
  DescribeExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SfnExecutionControl } from '../../../src/aws/sfn-execution-control.ts';

const client = new SFNClient({ region: 'eu-west-1' });
const sfn = mockClient(client);
const control = new SfnExecutionControl(client);
const sdkError = (name: string) => Object.assign(new Error(name), { name });
const SM = 'arn:aws:states:eu-west-1:123456789012:stateMachine:rollout';

beforeEach(() => sfn.reset());

describe('SfnExecutionControl', () => {
  it('sends task success with the output as JSON', async () => {
    sfn.on(SendTaskSuccessCommand).resolves({});
    expect(await control.sendTaskSuccess('tok', { decision: 'approved' })).toBe('accepted');
    expect(sfn.commandCalls(SendTaskSuccessCommand)[0]?.args[0].input).toEqual({ taskToken: 'tok', output: '{"decision":"approved"}' });
  });

  it.each(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken'])('answers already-decided on %s', async (name) => {
    sfn.on(SendTaskSuccessCommand).rejects(sdkError(name)).on(SendTaskFailureCommand).rejects(sdkError(name));
    expect(await control.sendTaskSuccess('tok', {})).toBe('already-decided');
    expect(await control.sendTaskFailure('tok', 'ApprovalRejected', 'no')).toBe('already-decided');
  });

  it('sends task failure with error and cause', async () => {
    sfn.on(SendTaskFailureCommand).resolves({});
    expect(await control.sendTaskFailure('tok', 'ApprovalRejected', 'rejected by U1')).toBe('accepted');
    expect(sfn.commandCalls(SendTaskFailureCommand)[0]?.args[0].input).toEqual({ taskToken: 'tok', error: 'ApprovalRejected', cause: 'rejected by U1' });
  });

  it('throws other callback failures', async () => {
    sfn.on(SendTaskSuccessCommand).rejects(sdkError('ThrottlingException'));
    await expect(control.sendTaskSuccess('tok', {})).rejects.toMatchObject({ name: 'TransientAwsError' });
  });

  it('stops an execution; a missing one is not an error', async () => {
    sfn.on(StopExecutionCommand).resolvesOnce({}).rejects(sdkError('ExecutionDoesNotExist'));
    await control.stopExecution('arn:e', 'rolled back');
    await control.stopExecution('arn:e', 'rolled back');
    expect(sfn.commandCalls(StopExecutionCommand)[0]?.args[0].input).toEqual({ executionArn: 'arn:e', cause: 'rolled back' });
  });

  it('throws other stop failures', async () => {
    sfn.on(StopExecutionCommand).rejects(sdkError('AccessDeniedException'));
    await expect(control.stopExecution('arn:e', 'x')).rejects.toMatchObject({ name: 'AwsCallError' });
  });

  it('starts an execution, and reports one that already exists under the name', async () => {
    sfn
      .on(StartExecutionCommand)
      .resolvesOnce({ executionArn: `${SM}:run-1` })
      .rejects(sdkError('ExecutionAlreadyExists'));
    expect(await control.startExecution(SM, 'run-1', { plan: {} })).toEqual({ executionArn: `${SM}:run-1`, alreadyStarted: false });
    expect(await control.startExecution(SM, 'run-1', { plan: {} })).toEqual({
      executionArn: 'arn:aws:states:eu-west-1:123456789012:execution:rollout:run-1',
      alreadyStarted: true,
    });
  });

  it('throws other start failures', async () => {
    sfn.on(StartExecutionCommand).rejects(sdkError('StateMachineDoesNotExist'));
    await expect(control.startExecution(SM, 'x', {})).rejects.toMatchObject({ name: 'AwsCallError' });
  });

  it.each(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'] as const)('describes an execution as %s', async (status) => {
    sfn.on(DescribeExecutionCommand).resolves({ status });
    expect(await control.describeExecution(`${SM}:run-1`)).toBe(status);
    expect(sfn.commandCalls(DescribeExecutionCommand)[0]?.args[0].input).toEqual({ executionArn: `${SM}:run-1` });
  });

  it.each([
    ['an execution Step Functions no longer knows', sdkError('ExecutionDoesNotExist'), 'NOT_FOUND'],
    ['a lock value that is no execution ARN', sdkError('InvalidArn'), 'NOT_FOUND'],
  ])('describes %s as NOT_FOUND', async (_name, error, status) => {
    sfn.on(DescribeExecutionCommand).rejects(error);
    expect(await control.describeExecution('x')).toBe(status);
  });

  it('describes a status it does not know as RUNNING: never taken over', async () => {
    sfn.on(DescribeExecutionCommand).resolves({ status: 'SOMETHING_NEW' as never });
    expect(await control.describeExecution(`${SM}:run-1`)).toBe('RUNNING');
  });

  it.each([
    ['ThrottlingException', 'TransientAwsError'],
    ['AccessDeniedException', 'AwsCallError'],
  ])('throws %s from DescribeExecution as %s', async (name, expected) => {
    sfn.on(DescribeExecutionCommand).rejects(sdkError(name));
    await expect(control.describeExecution(`${SM}:run-1`)).rejects.toMatchObject({ name: expected, operation: 'DescribeExecution' });
  });

  it('returns the input an execution was started with, parsed', async () => {
    sfn.on(DescribeExecutionCommand).resolves({ status: 'ABORTED', input: '{"plan":{"migration":"orders-kraft"},"requestedBy":"ops"}' });
    expect(await control.executionInput(`${SM}:run-1`)).toEqual({ plan: { migration: 'orders-kraft' }, requestedBy: 'ops' });
    expect(sfn.commandCalls(DescribeExecutionCommand)[0]?.args[0].input).toEqual({ executionArn: `${SM}:run-1` });
  });

  it.each([
    ['an execution Step Functions no longer knows', () => sfn.on(DescribeExecutionCommand).rejects(sdkError('ExecutionDoesNotExist'))],
    ['no execution ARN at all', () => sfn.on(DescribeExecutionCommand).rejects(sdkError('InvalidArn'))],
    ['an answer without input', () => sfn.on(DescribeExecutionCommand).resolves({ status: 'RUNNING' })],
  ])('returns null as the input of %s', async (_name, arrange) => {
    arrange();
    expect(await control.executionInput(`${SM}:run-1`)).toBeNull();
  });

  it.each([
    ['ThrottlingException', 'TransientAwsError'],
    ['AccessDeniedException', 'AwsCallError'],
  ])('throws %s when reading the input as %s', async (name, expected) => {
    sfn.on(DescribeExecutionCommand).rejects(sdkError(name));
    await expect(control.executionInput(`${SM}:run-1`)).rejects.toMatchObject({ name: expected, operation: 'DescribeExecution' });
  });

  it('throws on an input that is not JSON', async () => {
    sfn.on(DescribeExecutionCommand).resolves({ input: '{plan' });
    await expect(control.executionInput(`${SM}:run-1`)).rejects.toMatchObject({ name: 'AwsCallError', errorName: 'UnparseableExecutionInput' });
  });
});
