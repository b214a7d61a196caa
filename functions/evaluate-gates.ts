import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { systemClock } from '@kraft-canary/client/contract';
import middy from '@middy/core';
import { awsClient } from '../src/aws/aws-client.ts';
import { CloudWatchMetrics } from '../src/aws/cloudwatch-metrics.ts';
import { createJsonLogger } from '../src/aws/json-logger.ts';
import { type EvaluateGatesPorts, evaluateGates } from '../src/controller/gates/evaluate-gates.ts';
import { metricsNamespace } from '../src/environment.ts';

/** EvaluateGates: lag and client error rates over the bake window → pass, fail or inconclusive. */
export const createEvaluateGatesHandler = (ports: EvaluateGatesPorts) => middy().handler(async (event: unknown) => evaluateGates(ports)(event));

const metrics = new CloudWatchMetrics(awsClient(CloudWatchClient));

export const handler = createEvaluateGatesHandler({
  metrics,
  catalog: metrics,
  namespace: metricsNamespace(process.env),
  clock: systemClock,
  logger: createJsonLogger({ function: 'evaluate-gates' }),
});
