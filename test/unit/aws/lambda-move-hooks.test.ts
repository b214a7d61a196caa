import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { LambdaMoveHooks } from '../../../src/aws/lambda-move-hooks.ts';
import type { MoveRequest } from '../../../src/ports/index.ts';

const HOOK = 'arn:aws:lambda:eu-west-1:111122223333:function:orders-scorer-move';
const request: MoveRequest = {
  type: 'kraft-canary.move',
  migration: 'orders',
  group: 'scorer',
  kind: 'streams',
  cluster: 'green',
  bootstrap: 'b-1.green:9098',
  startFrom: 'earliest',
  executionArn: 'arn:aws:states:eu-west-1:111122223333:execution:x:1',
};

describe('LambdaMoveHooks', () => {
  it('invokes the hook asynchronously with the move request', async () => {
    // Prepare
    const lambda = mockClient(LambdaClient);
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    // Act
    await new LambdaMoveHooks(new LambdaClient({})).invoke(HOOK, request);
    // Assess
    const input = lambda.commandCalls(InvokeCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ FunctionName: HOOK, InvocationType: 'Event' });
    expect(JSON.parse(new TextDecoder().decode(input?.Payload as Uint8Array))).toEqual(request);
  });

  it.each([
    { error: 'TooManyRequestsException', name: 'TransientAwsError' },
    { error: 'AccessDeniedException', name: 'AwsCallError' },
  ])('reports $error as $name, with no raw message', async ({ error, name }) => {
    // Prepare
    const lambda = mockClient(LambdaClient);
    lambda.on(InvokeCommand).rejects(Object.assign(new Error(`denied for ${HOOK}`), { name: error }));
    // Act
    const invoked = new LambdaMoveHooks(new LambdaClient({})).invoke(HOOK, request);
    // Assess
    await expect(invoked).rejects.toMatchObject({ name, message: expect.not.stringContaining(HOOK) });
  });
});
