import { awsClient } from '../../aws/aws-client.ts';
import type { Command } from '../command.ts';
import type { LoadDrainCheckKafka } from './drain-check-command.ts';
import { drainCheckCommand } from './drain-check-command.ts';

/**
 * kafkajs admins for `drain-check`, loaded only when it runs: the plan's bootstrap and auth,
 * IAM tokens and SCRAM secrets (Secrets Manager) through the AWS SDK chain.
 */
export const loadAwsDrainCheckKafka: LoadDrainCheckKafka = async () => {
  const [{ SecretsManagerClient }, { kafkajsAdmins }, { secretsManagerScram }] = await Promise.all([
    import('@aws-sdk/client-secrets-manager'),
    import('../../kafka/kafka-admins.ts'),
    import('../../kafka/scram-credentials.ts'),
  ]);
  return kafkajsAdmins({ scram: secretsManagerScram(awsClient(SecretsManagerClient)), clientId: 'kraft-canary-cli' });
};

/** `kraft-canary drain-check` over the plan's clusters. */
export const awsDrainCheckCommand = (): Command => drainCheckCommand(loadAwsDrainCheckKafka);
