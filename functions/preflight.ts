import { KafkaClient } from '@aws-sdk/client-kafka';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import middy from '@middy/core';
import { createJsonLogger } from '../src/aws/json-logger.ts';
import { MskClusterRegistry } from '../src/aws/msk-cluster-registry.ts';
import { DEFAULT_PARAMETER_PREFIX, SsmRoutingStore } from '../src/aws/ssm-routing-store.ts';
import { type PreflightPorts, preflight } from '../src/controller/preflight.ts';
import { kafkajsAdmins } from '../src/kafka/kafka-admins.ts';
import { secretsManagerScram } from '../src/kafka/scram-credentials.ts';
import { systemClock } from '../src/ports.ts';

/** Preflight: validates the plan, takes the lock, checks clusters and topics, picks the start stage. */
export const createPreflightHandler = (ports: PreflightPorts) => middy().handler(async (event: unknown) => preflight(ports)(event));

const prefix = process.env.PARAMETER_PREFIX ?? DEFAULT_PARAMETER_PREFIX;
const store = new SsmRoutingStore(new SSMClient({}), prefix);

export const handler = createPreflightHandler({
  routing: store,
  flags: store,
  clock: systemClock,
  prefix,
  clusters: new MskClusterRegistry(new KafkaClient({})),
  kafka: kafkajsAdmins({ scram: secretsManagerScram(new SecretsManagerClient({})) }),
  logger: createJsonLogger({ function: 'preflight' }),
});
