import { DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SfnExecutionInspector } from '../../../src/aws/sfn-execution-inspector.ts';

const client = new SFNClient({ region: 'eu-west-1' });
const sfn = mockClient(client);
const inspector = new SfnExecutionInspector(client);
const sdkError = (name: string) => Object.assign(new Error(name), { name });
const ARN = 'arn:aws:states:eu-west-1:123456789012:execution:rollout:orders-0123456789ab';
const at = (s: number) => new Date(Date.UTC(2026, 4, 4, 10, 0, s));

beforeEach(() => sfn.reset());

describe('SfnExecutionInspector', () => {
  it('describes an execution without its cause', async () => {
    // Prepare
    sfn.on(DescribeExecutionCommand).resolves({
      executionArn: ARN,
      stateMachineArn: 'arn:sm',
      name: 'orders-0123456789ab',
      status: 'FAILED',
      startDate: at(0),
      stopDate: at(30),
      input: '{"plan":{}}',
      error: 'RolloutHeld',
      cause: 'raw text',
    });
    // Act
    const found = await inspector.describe(ARN);
    // Assess
    expect(found).toEqual({
      executionArn: ARN,
      name: 'orders-0123456789ab',
      status: 'FAILED',
      startedAt: at(0).getTime(),
      stoppedAt: at(30).getTime(),
      input: '{"plan":{}}',
      error: 'RolloutHeld',
    });
  });

  it.each(['ExecutionDoesNotExist', 'InvalidArn'])('answers null on %s', async (name) => {
    sfn.on(DescribeExecutionCommand).rejects(sdkError(name));
    expect(await inspector.describe(ARN)).toBeNull();
  });

  it('translates other failures without their message', async () => {
    sfn.on(DescribeExecutionCommand).rejects(sdkError('AccessDeniedException'));
    await expect(inspector.describe(ARN)).rejects.toMatchObject({ name: 'AwsCallError', message: 'DescribeExecution failed (AccessDeniedException)' });
  });

  it('reads state events newest first, across pages, up to the limit', async () => {
    // Prepare
    sfn
      .on(GetExecutionHistoryCommand)
      .resolvesOnce({
        events: [
          { id: 9, type: 'WaitStateEntered', timestamp: at(9), stateEnteredEventDetails: { name: 'BakeStage' } },
          { id: 8, type: 'TaskStateExited', timestamp: at(8), stateExitedEventDetails: { name: 'NotifyStageRouting', output: '{}' } },
        ],
        nextToken: 'next',
      })
      .resolvesOnce({ events: [{ id: 7, type: 'LambdaFunctionSucceeded', timestamp: at(7) }], nextToken: 'more' });
    // Act
    const events = await inspector.recentStates(ARN, 3);
    // Assess
    expect(events).toEqual([
      { kind: 'entered', state: 'BakeStage', at: at(9).getTime(), output: null },
      { kind: 'exited', state: 'NotifyStageRouting', at: at(8).getTime(), output: '{}' },
    ]);
    const calls = sfn.commandCalls(GetExecutionHistoryCommand).map((c) => c.args[0].input);
    expect(calls).toEqual([
      { executionArn: ARN, maxResults: 3, reverseOrder: true, includeExecutionData: true },
      { executionArn: ARN, maxResults: 1, reverseOrder: true, includeExecutionData: true, nextToken: 'next' },
    ]);
  });

  it('reads nothing for a limit of zero', async () => {
    expect(await inspector.recentStates(ARN, 0)).toEqual([]);
    expect(sfn.calls()).toEqual([]);
  });

  it('translates history failures', async () => {
    sfn.on(GetExecutionHistoryCommand).rejects(sdkError('ThrottlingException'));
    await expect(inspector.recentStates(ARN, 10)).rejects.toMatchObject({ name: 'TransientAwsError' });
  });
});
