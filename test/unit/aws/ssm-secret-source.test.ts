import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SECRET_CACHE_MS, SsmSecretSource } from '../../../src/aws/ssm-secret-source.ts';

const ssm = mockClient(SSMClient);
beforeEach(() => ssm.reset());

describe('SsmSecretSource', () => {
  it('decrypts once and caches for a while per instance', async () => {
    // Prepare
    ssm
      .on(GetParameterCommand)
      .resolvesOnce({ Parameter: { Value: 'first' } })
      .resolves({ Parameter: { Value: 'rotated' } });
    const clock = { t: 0, now: () => clock.t };
    const secrets = new SsmSecretSource(new SSMClient({}), clock);
    // Act
    const a = await secrets.get('/kc/slack/signing-secret');
    clock.t = SECRET_CACHE_MS - 1;
    const b = await secrets.get('/kc/slack/signing-secret');
    clock.t = SECRET_CACHE_MS;
    const c = await secrets.get('/kc/slack/signing-secret');
    // Assess
    expect([a, b, c]).toEqual(['first', 'first', 'rotated']);
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(2);
    expect(ssm.commandCalls(GetParameterCommand)[0]!.args[0].input).toEqual({ Name: '/kc/slack/signing-secret', WithDecryption: true });
  });

  it.each([
    { name: 'missing', setup: () => ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'x', $metadata: {} })) },
    { name: 'empty', setup: () => ssm.on(GetParameterCommand).resolves({ Parameter: { Value: '' } }) },
  ])('a $name secret is a SecretUnavailableError naming the parameter', async ({ setup }) => {
    setup();
    await expect(new SsmSecretSource(new SSMClient({})).get('/kc/slack/bot-token')).rejects.toMatchObject({
      name: 'SecretUnavailableError',
      parameter: '/kc/slack/bot-token',
    });
  });
});
