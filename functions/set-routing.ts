import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SSMClient } from '@aws-sdk/client-ssm';
import middy from '@middy/core';
import { CloudWatchMetrics } from '../src/aws/cloudwatch-metrics.ts';
import { createJsonLogger } from '../src/aws/json-logger.ts';
import { DEFAULT_PARAMETER_PREFIX, SsmRoutingStore } from '../src/aws/ssm-routing-store.ts';
import { type SetRoutingPorts, setRouting } from '../src/controller/set-routing.ts';
import { systemClock } from '../src/ports.ts';

/** SetRouting: one routing transition, written under the rollback protocol. */
export const createSetRoutingHandler = (ports: SetRoutingPorts) => middy().handler(async (event: unknown) => setRouting(ports)(event));

const prefix = process.env.PARAMETER_PREFIX ?? DEFAULT_PARAMETER_PREFIX;
const store = new SsmRoutingStore(new SSMClient({}), prefix);

export const handler = createSetRoutingHandler({
  routing: store,
  flags: store,
  clock: systemClock,
  prefix,
  metrics: new CloudWatchMetrics(new CloudWatchClient({})),
  namespace: process.env.METRICS_NAMESPACE ?? 'KraftCanary',
  logger: createJsonLogger({ function: 'set-routing' }),
});
