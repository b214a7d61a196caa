import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { systemClock } from '@kraft-canary/client/contract';
import middy from '@middy/core';
import { awsClient } from '../src/aws/aws-client.ts';
import { CloudWatchMetrics } from '../src/aws/cloudwatch-metrics.ts';
import { createJsonLogger } from '../src/aws/json-logger.ts';
import { type ConfirmDrainPorts, confirmDrain } from '../src/controller/drain/confirm-drain.ts';
import { kafkajsAdmins } from '../src/kafka/kafka-admins.ts';
import { secretsManagerScram } from '../src/kafka/scram-credentials.ts';

/** ConfirmDrain: one drain poll of blue (after the cutover) or green (after a rollback). */
export const createConfirmDrainHandler = (ports: ConfirmDrainPorts) => middy().handler(async (event: unknown) => confirmDrain(ports)(event));

const metrics = new CloudWatchMetrics(awsClient(CloudWatchClient));

export const handler = createConfirmDrainHandler({
  kafka: kafkajsAdmins({ scram: secretsManagerScram(awsClient(SecretsManagerClient)) }),
  metrics,
  catalog: metrics,
  clock: systemClock,
  logger: createJsonLogger({ function: 'confirm-drain' }),
});
