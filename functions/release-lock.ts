import { SSMClient } from '@aws-sdk/client-ssm';
import { systemClock } from '@kraft-canary/client/contract';
import middy from '@middy/core';
import { awsClient } from '../src/aws/aws-client.ts';
import { createJsonLogger } from '../src/aws/json-logger.ts';
import { SsmApprovalHousekeeping } from '../src/aws/ssm-approval-housekeeping.ts';
import { SsmRoutingStore } from '../src/aws/ssm-routing-store.ts';
import { type ReleaseLockPorts, releaseLock } from '../src/controller/lock/release-lock.ts';
import { parameterPrefix } from '../src/environment.ts';

/** ReleaseLock: frees the rollout lock on every exit, only when this execution holds it. */
export const createReleaseLockHandler = (ports: ReleaseLockPorts) => middy().handler(async (event: unknown) => releaseLock(ports)(event));

const prefix = parameterPrefix(process.env);
const ssm = awsClient(SSMClient);

export const handler = createReleaseLockHandler({
  flags: new SsmRoutingStore(ssm, prefix),
  prefix,
  logger: createJsonLogger({ function: 'release-lock' }),
  approvals: { housekeeping: new SsmApprovalHousekeeping(ssm, prefix), clock: systemClock },
});
