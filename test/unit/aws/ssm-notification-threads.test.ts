import { GetParameterCommand, ParameterNotFound, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SsmNotificationThreads } from '../../../src/aws/ssm-notification-threads.ts';

const ssm = mockClient(SSMClient);
beforeEach(() => ssm.reset());

describe('SsmNotificationThreads', () => {
  it('stores the thread of a migration under <prefix>/<migration>/slack-thread', async () => {
    ssm.on(PutParameterCommand).resolves({ Version: 1 });
    await new SsmNotificationThreads(new SSMClient({}), '/kc').put('payments', { channel: 'C0PAYMENTS', ts: '1.2' });
    expect(ssm.commandCalls(PutParameterCommand)[0]!.args[0].input).toEqual({
      Name: '/kc/payments/slack-thread',
      Value: '{"channel":"C0PAYMENTS","ts":"1.2"}',
      Type: 'String',
      Overwrite: true,
    });
  });

  it.each([
    {
      name: 'stored',
      reply: () => ssm.on(GetParameterCommand).resolves({ Parameter: { Value: '{"channel":"C0P","ts":"1.2"}' } }),
      want: { channel: 'C0P', ts: '1.2' },
    },
    { name: 'missing', reply: () => ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'x', $metadata: {} })), want: null },
    { name: 'unreadable', reply: () => ssm.on(GetParameterCommand).resolves({ Parameter: { Value: 'junk' } }), want: null },
  ])('reads a $name thread', async ({ reply, want }) => {
    reply();
    expect(await new SsmNotificationThreads(new SSMClient({}), '/kc').get('payments')).toEqual(want);
  });
});
