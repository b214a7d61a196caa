import { describe, expect, it } from 'vitest';
import { SecretUnavailableError } from '../../../src/aws/errors.ts';
import { parseRegistryCredentials, readRegistryCredentials, registryCredentialsName } from '../../../src/schema-registry/registry-credentials.ts';
import { plan } from '../../support/rollout-fixtures.ts';

describe('registry credentials', () => {
  it.each([
    ['{"username":"sr","password":"p:w"}', { username: 'sr', password: 'p:w' }],
    ['sr:p:w\n', { username: 'sr', password: 'p:w' }],
  ])('parses %j', (text, expected) => {
    expect(parseRegistryCredentials(text, 'n')).toEqual(expected);
  });

  it.each(['{"username":1}', 'no-colon', ':secret-pw', '{not json'])('refuses %j without echoing it', (text) => {
    // Act
    const failure = (() => {
      try {
        return parseRegistryCredentials(text, '/kraft-canary/orders/schema-registry/blue');
      } catch (e) {
        return e as Error;
      }
    })();

    // Assess
    expect(failure).toMatchObject({ name: 'SchemaRegistryCredentialsError' });
    expect((failure as Error).message).not.toContain(text);
  });

  it('reads the side parameter, and answers null when it does not exist', async () => {
    // Prepare
    const asked: string[] = [];
    const secrets = {
      get: async (name: string) => {
        asked.push(name);
        if (name.endsWith('/green')) throw new SecretUnavailableError(name);
        return 'sr:secret';
      },
    };

    // Act
    const blue = await readRegistryCredentials(secrets, '/kraft-canary', plan(), 'blue');
    const green = await readRegistryCredentials(secrets, '/kraft-canary', plan(), 'green');

    // Assess
    expect(blue).toEqual({ username: 'sr', password: 'secret' });
    expect(green).toBeNull();
    expect(asked).toEqual([registryCredentialsName('/kraft-canary', 'orders', 'blue'), '/kraft-canary/orders/schema-registry/green']);
  });

  it('passes other failures on', async () => {
    // Prepare
    const secrets = { get: async () => Promise.reject(Object.assign(new Error('x'), { name: 'AwsCallError' })) };

    // Act
    const failure = await readRegistryCredentials(secrets, '/p', plan(), 'blue').catch((e: unknown) => e);

    // Assess
    expect(failure).toMatchObject({ name: 'AwsCallError' });
  });
});
