import { SSMClient } from '@aws-sdk/client-ssm';
import middy from '@middy/core';
import { awsClient } from '../src/aws/aws-client.ts';
import { createJsonLogger } from '../src/aws/json-logger.ts';
import { SsmApprovalHousekeeping } from '../src/aws/ssm-approval-housekeeping.ts';
import { DEFAULT_PARAMETER_PREFIX, SsmRoutingStore } from '../src/aws/ssm-routing-store.ts';
import { type ReleaseLockPorts, releaseLock } from '../src/controller/release-lock.ts';
import { systemClock } from '../src/ports.ts';

/** ReleaseLock: frees the rollout lock on every exit, only when this execution holds it. */
export const createReleaseLockHandler = (ports: ReleaseLockPorts) => middy().handler(async (event: unknown) => releaseLock(ports)(event));

const prefix = process.env.PARAMETER_PREFIX ?? DEFAULT_PARAMETER_PREFIX;
const ssm = awsClient(SSMClient);

export const handler = createReleaseLockHandler({
  flags: new SsmRoutingStore(ssm, prefix),
  prefix,
  logger: createJsonLogger({ function: 'release-lock' }),
  approvals: { housekeeping: new SsmApprovalHousekeeping(ssm, prefix), clock: systemClock },
});
