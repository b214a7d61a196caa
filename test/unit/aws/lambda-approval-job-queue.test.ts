import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { APPROVAL_JOB_EVENT, isApprovalJobEvent, LambdaApprovalJobQueue, readApprovalJob } from '../../../src/aws/lambda-approval-job-queue.ts';
import type { ApprovalJob } from '../../../src/ports/index.ts';
import { ALICE, T0 } from '../../support/approval-fixtures.ts';

const job: ApprovalJob = {
  migration: 'payments',
  approvalId: 'a1b2c3d4e5f60718293a',
  decision: { action: 'approve', by: ALICE, at: T0, via: 'slack' },
  responseUrl: 'https://hooks.slack.com/actions/T/1/x',
  original: { text: 'Approve?' },
};

describe('LambdaApprovalJobQueue', () => {
  it('invokes the function asynchronously with a typed job event that reads back', async () => {
    // Prepare
    const lambda = mockClient(LambdaClient);
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    // Act
    await new LambdaApprovalJobQueue(new LambdaClient({}), 'kraft-canary-prod-slackInteractions').enqueue(job);
    // Assess
    const input = lambda.commandCalls(InvokeCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ FunctionName: 'kraft-canary-prod-slackInteractions', InvocationType: 'Event' });
    const event = JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array));
    expect(isApprovalJobEvent(event)).toBe(true);
    expect(readApprovalJob(event)).toEqual(job);
  });

  it.each([
    { name: 'an HTTP API event', event: { type: APPROVAL_JOB_EVENT, requestContext: {}, job }, want: false },
    { name: 'another event', event: { source: 'aws.cloudwatch' }, want: false },
    { name: 'null', event: null, want: false },
  ])('does not take $name for a job', ({ event, want }) => {
    expect(isApprovalJobEvent(event)).toBe(want);
  });

  it('reads a malformed job as null', () => {
    expect(readApprovalJob({ type: APPROVAL_JOB_EVENT, job: { migration: 'payments' } })).toBeNull();
  });
});
