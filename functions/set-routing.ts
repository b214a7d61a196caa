import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { systemClock } from '@kraft-canary/client/contract';
import middy from '@middy/core';
import { awsClient } from '../src/aws/aws-client.ts';
import { openAwsReadinessPorts } from '../src/aws/aws-readiness-ports.ts';
import { CloudWatchMetrics } from '../src/aws/cloudwatch-metrics.ts';
import { createJsonLogger } from '../src/aws/json-logger.ts';
import { mskClient } from '../src/aws/msk-client.ts';
import { SsmRoutingStore } from '../src/aws/ssm-routing-store.ts';
import { SsmSecretSource } from '../src/aws/ssm-secret-source.ts';
import { type SetRoutingPorts, setRouting } from '../src/controller/routing/set-routing.ts';
import { metricsNamespace, parameterPrefix } from '../src/environment.ts';
import { secretsManagerScram } from '../src/kafka/scram-credentials.ts';
import { firstStageGate } from '../src/readiness/first-stage.ts';

/** SetRouting: one routing transition, written under the rollback protocol. */
export const createSetRoutingHandler = (ports: SetRoutingPorts) => middy().handler(async (event: unknown) => setRouting(ports)(event));

const prefix = parameterPrefix(process.env);
const ssm = awsClient(SSMClient);
const store = new SsmRoutingStore(ssm, prefix);
const logger = createJsonLogger({ function: 'set-routing' });
// The first canary write enables green's Lambda trigger twins and checks readers on green
// (Kafka and Lambda only: no schema registries, so no registry logins are read).
const readiness = {
  msk: mskClient(),
  lambda: awsClient(LambdaClient),
  secrets: new SsmSecretSource(ssm),
  prefix,
  kafka: { scram: secretsManagerScram(awsClient(SecretsManagerClient)) },
  schemaRegistries: false,
};

export const handler = createSetRoutingHandler({
  routing: store,
  flags: store,
  clock: systemClock,
  prefix,
  metrics: new CloudWatchMetrics(awsClient(CloudWatchClient)),
  namespace: metricsNamespace(process.env),
  logger,
  firstStage: firstStageGate((plan) => openAwsReadinessPorts(plan, readiness), logger),
});
