import { SSMClient } from '@aws-sdk/client-ssm';
import { systemClock } from '@kraft-canary/client/contract';
import middy from '@middy/core';
import { awsClient } from '../src/aws/aws-client.ts';
import { createJsonLogger } from '../src/aws/json-logger.ts';
import { SsmRoutingStore } from '../src/aws/ssm-routing-store.ts';
import { type CheckControlsPorts, checkControls } from '../src/controller/controls/check-controls.ts';
import { parameterPrefix } from '../src/environment.ts';

/** CheckControls: one check of the operator controls (pause, promote, step back) while a stage bakes. */
export const createCheckControlsHandler = (ports: CheckControlsPorts) => middy().handler(async (event: unknown) => checkControls(ports)(event));

const prefix = parameterPrefix(process.env);

export const handler = createCheckControlsHandler({
  flags: new SsmRoutingStore(awsClient(SSMClient), prefix),
  clock: systemClock,
  logger: createJsonLogger({ function: 'check-controls' }),
  prefix,
});
