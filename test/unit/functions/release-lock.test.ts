import { DeleteParameterCommand, GetParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createReleaseLockHandler, handler } from '../../../functions/release-lock.ts';
import { MemoryRoutingStore } from '../../../src/local/memory-routing-store.ts';
import { recordingLogger } from '../../support/fakes/recording-logger.ts';
import { EXECUTION_ARN, planInput } from '../../support/rollout-fixtures.ts';

const ssm = mockClient(SSMClient);
const ctx = {} as never;
beforeEach(() => ssm.reset());

describe('functions/release-lock', () => {
  it('the default handler releases the lock in SSM when this execution holds it', async () => {
    // Prepare
    ssm
      .on(GetParameterCommand, { Name: '/kraft-canary/orders/lock' })
      .resolves({ Parameter: { Value: EXECUTION_ARN, Version: 1 } })
      .on(DeleteParameterCommand)
      .resolves({});
    // Act
    const out = await handler({ execution: { plan: planInput() }, executionArn: EXECUTION_ARN }, ctx);
    // Assess
    expect(out).toEqual({ released: true, holder: null, migration: 'orders' });
    expect(ssm.commandCalls(DeleteParameterCommand)[0]?.args[0].input).toEqual({ Name: '/kraft-canary/orders/lock' });
  });

  it('the default handler fails with the adapter error when SSM refuses', async () => {
    ssm.on(GetParameterCommand).rejects(Object.assign(new Error('x'), { name: 'ThrottlingException' }));
    await expect(handler({ execution: { plan: planInput() }, executionArn: EXECUTION_ARN }, ctx)).rejects.toMatchObject({ name: 'TransientAwsError' });
  });

  it('the factory runs the use case over the given ports', async () => {
    const flags = new MemoryRoutingStore();
    const run = createReleaseLockHandler({ flags, prefix: '/kc', logger: recordingLogger() });
    expect(await run({ execution: { plan: planInput() }, executionArn: EXECUTION_ARN }, ctx)).toEqual({ released: false, holder: null, migration: 'orders' });
  });
});
