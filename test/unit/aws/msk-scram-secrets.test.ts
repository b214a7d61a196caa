import { BatchAssociateScramSecretCommand, KafkaClient, ListScramSecretsCommand } from '@aws-sdk/client-kafka';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { MskScramSecrets } from '../../../src/aws/msk-scram-secrets.ts';

const CLUSTER = 'arn:aws:kafka:eu-west-1:123456789012:cluster/orders-green/uuid-3';
const SECRET = (n: string) => `arn:aws:secretsmanager:eu-west-1:123456789012:secret:AmazonMSK_${n}`;
const msk = mockClient(KafkaClient);

describe('MskScramSecrets', () => {
  beforeEach(() => msk.reset());

  it('lists every page, sorted', async () => {
    msk
      .on(ListScramSecretsCommand)
      .resolvesOnce({ SecretArnList: [SECRET('b')], NextToken: 't' })
      .resolvesOnce({ SecretArnList: [SECRET('a')] });
    expect(await new MskScramSecrets(new KafkaClient({}) as never).list(CLUSTER)).toEqual([SECRET('a'), SECRET('b')]);
  });

  it('associates, and fails naming the error codes of secrets MSK did not take', async () => {
    // Prepare
    msk
      .on(BatchAssociateScramSecretCommand)
      .resolvesOnce({})
      .resolvesOnce({ UnprocessedScramSecrets: [{ ErrorCode: 'InvalidKmsKey', SecretArn: SECRET('a') }] });
    const scram = new MskScramSecrets(new KafkaClient({}) as never);
    // Act
    await scram.associate(CLUSTER, [SECRET('a')]);
    // Assess
    expect(msk.commandCalls(BatchAssociateScramSecretCommand)[0]?.args[0].input).toEqual({ ClusterArn: CLUSTER, SecretArnList: [SECRET('a')] });
    await expect(scram.associate(CLUSTER, [SECRET('a')])).rejects.toMatchObject({
      name: 'AwsCallError',
      message: 'BatchAssociateScramSecret failed (InvalidKmsKey)',
    });
  });
});
