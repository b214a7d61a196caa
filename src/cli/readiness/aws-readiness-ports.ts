import { awsClient } from '../../aws/aws-client.ts';
import type { Env } from '../../environment.ts';
import type { Command } from '../command.ts';
import type { LoadReadinessPorts } from './readiness-command.ts';
import { readinessCommand } from './readiness-command.ts';

/**
 * The AWS adapters behind `readiness`, loaded only when it runs. Credentials and region come
 * from the usual AWS SDK chain; Kafka auth from the plan (IAM, SCRAM secret, TLS).
 */
export const loadAwsReadinessPorts: LoadReadinessPorts = async (plan, prefix) => {
  const [{ IAMClient }, { KafkaClient }, { LambdaClient }, { SSMClient }, { SecretsManagerClient }] = await Promise.all([
    import('@aws-sdk/client-iam'),
    import('@aws-sdk/client-kafka'),
    import('@aws-sdk/client-lambda'),
    import('@aws-sdk/client-ssm'),
    import('@aws-sdk/client-secrets-manager'),
  ]);
  const [{ openAwsReadinessPorts }, { SsmSecretSource }, { secretsManagerScram }] = await Promise.all([
    import('../../aws/aws-readiness-ports.ts'),
    import('../../aws/ssm-secret-source.ts'),
    import('../../kafka/scram-credentials.ts'),
  ]);
  return openAwsReadinessPorts(plan, {
    msk: awsClient(KafkaClient),
    lambda: awsClient(LambdaClient),
    iam: awsClient(IAMClient),
    secrets: new SsmSecretSource(awsClient(SSMClient)),
    prefix,
    kafka: { scram: secretsManagerScram(awsClient(SecretsManagerClient)), clientId: 'kraft-canary-readiness' },
  });
};

/** `kraft-canary readiness` over AWS and the plan's clusters. */
export const awsReadinessCommand = (env: Env): Command => readinessCommand(loadAwsReadinessPorts, env);
