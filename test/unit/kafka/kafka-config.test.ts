import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { kafkaConfigFor, regionOfArn } from '../../../src/kafka/kafka-config.ts';
import { secretsManagerScram } from '../../../src/kafka/scram-credentials.ts';
import { BLUE_ARN } from '../../support/rollout-fixtures.ts';

const client = new SecretsManagerClient({ region: 'eu-west-1' });
const sm = mockClient(client);
beforeEach(() => sm.reset());

const cluster = (mechanism: 'iam' | 'scram-sha-512' | 'tls' | 'none', secretId?: string) => ({
  arn: BLUE_ARN,
  bootstrap: 'b-1:9096, b-2:9096',
  auth: { mechanism, ...(secretId ? { secretId } : {}) },
});

describe('kafkaConfigFor', () => {
  it('signs MSK IAM tokens for the cluster region over TLS', async () => {
    // Prepare
    const regions: string[] = [];
    const iamToken = async (region: string) => {
      regions.push(region);
      return { token: 'signed', expiryTime: 0 };
    };
    // Act
    const config = await kafkaConfigFor(cluster('iam'), { iamToken });
    // Assess
    expect(config).toMatchObject({ brokers: ['b-1:9096', 'b-2:9096'], ssl: true, sasl: { mechanism: 'oauthbearer' } });
    const sasl = config.sasl as { oauthBearerProvider: () => Promise<{ value: string }> };
    expect(await sasl.oauthBearerProvider()).toEqual({ value: 'signed' });
    expect(regions).toEqual(['eu-west-1']);
    expect(regionOfArn(BLUE_ARN)).toBe('eu-west-1');
  });

  it('reads SCRAM credentials from Secrets Manager', async () => {
    // Prepare
    sm.on(GetSecretValueCommand, { SecretId: 'AmazonMSK_orders' }).resolves({ SecretString: '{"username":"u","password":"p"}' });
    // Act
    const config = await kafkaConfigFor(cluster('scram-sha-512', 'AmazonMSK_orders'), { scram: secretsManagerScram(client) });
    // Assess
    expect(config).toMatchObject({ ssl: true, sasl: { mechanism: 'scram-sha-512', username: 'u', password: 'p' } });
  });

  it.each([
    ['tls', true],
    ['none', false],
  ] as const)('connects without SASL for %s', async (mechanism, ssl) => {
    const config = await kafkaConfigFor(cluster(mechanism));
    expect(config.ssl).toBe(ssl);
    expect(config.sasl).toBeUndefined();
  });

  it('refuses SCRAM without a secret', async () => {
    await expect(kafkaConfigFor(cluster('scram-sha-512'))).rejects.toMatchObject({ name: 'KafkaCredentialsError' });
  });
});

describe('secretsManagerScram', () => {
  it('names the secret but never echoes its value when it is malformed', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: 'password=hunter2' });
    const failure = await secretsManagerScram(client)('AmazonMSK_x').catch((e: Error) => e);
    expect(failure).toMatchObject({ name: 'KafkaCredentialsError' });
    expect((failure as Error).message).toContain('AmazonMSK_x');
    expect((failure as Error).message).not.toContain('hunter2');
  });

  it('reports an unreadable secret', async () => {
    sm.on(GetSecretValueCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    await expect(secretsManagerScram(client)('AmazonMSK_x')).rejects.toMatchObject({
      name: 'KafkaCredentialsError',
      message: 'cannot read the SCRAM secret AmazonMSK_x',
    });
  });
});
