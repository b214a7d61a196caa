import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { routingParameterName, systemClock } from '@kraft-canary/client/contract';
import middy from '@middy/core';
import { awsClient } from '../src/aws/aws-client.ts';
import { CloudWatchMetrics } from '../src/aws/cloudwatch-metrics.ts';
import { createJsonLogger } from '../src/aws/json-logger.ts';
import { SsmRoutingStore } from '../src/aws/ssm-routing-store.ts';
import { publishRequestOf } from '../src/controller/publish/publish-request.ts';
import { type PublishRoutingPorts, publishRouting } from '../src/controller/publish/publish-routing.ts';
import { controlTopic, metricsNamespace, parameterPrefix, publisherCluster } from '../src/environment.ts';
import { kafkaConfigFor } from '../src/kafka/kafka-config.ts';
import { KafkajsControlTopic } from '../src/kafka/kafkajs-control-topic.ts';
import { secretsManagerScram } from '../src/kafka/scram-credentials.ts';

/**
 * PublishRouting: on a change of the routing parameter (EventBridge "Parameter Store Change")
 * and on the re-publish schedule, copies the document in force to the control topic of both
 * clusters. A separate function: a rollback never waits for it.
 */
export const createPublishRoutingHandler = (ports: PublishRoutingPorts, migration: string, parameterName: string) =>
  middy().handler(async (event: unknown) => {
    const request = publishRequestOf(event, migration, parameterName);
    if (request === null) {
      ports.logger.warn('event ignored', { migration });
      return { ignored: true };
    }
    return publishRouting(ports)(request);
  });

const migration = process.env.MIGRATION ?? '';
const prefix = parameterPrefix(process.env);
const scram = secretsManagerScram(awsClient(SecretsManagerClient));
const config = (side: 'blue' | 'green') => kafkaConfigFor(publisherCluster(process.env, side), { scram, clientId: 'kraft-canary-publisher' });
// Built once per container: a warm function keeps its producers' connections.
const control = Promise.all([config('blue'), config('green')]).then(
  ([blue, green]) => new KafkajsControlTopic({ clusters: { blue, green }, topic: controlTopic(process.env) }),
);

export const handler = createPublishRoutingHandler(
  {
    routing: new SsmRoutingStore(awsClient(SSMClient), prefix),
    control: { publish: async (cluster, key, text) => (await control).publish(cluster, key, text) },
    metrics: new CloudWatchMetrics(awsClient(CloudWatchClient)),
    namespace: metricsNamespace(process.env),
    logger: createJsonLogger({ function: 'publish-routing' }),
    clock: systemClock,
  },
  migration,
  routingParameterName(prefix, migration),
);
