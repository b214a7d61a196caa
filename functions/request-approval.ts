import { randomBytes } from 'node:crypto';
import { SSMClient } from '@aws-sdk/client-ssm';
import { systemClock } from '@kraft-canary/client/contract';
import middy from '@middy/core';
import { awsClient } from '../src/aws/aws-client.ts';
import { createJsonLogger } from '../src/aws/json-logger.ts';
import { SsmApprovalStore } from '../src/aws/ssm-approval-store.ts';
import { SsmRoutingStore } from '../src/aws/ssm-routing-store.ts';
import { SsmSecretSource } from '../src/aws/ssm-secret-source.ts';
import { type RequestApprovalPorts, requestApproval } from '../src/controller/approvals/request-approval.ts';
import { readPause } from '../src/controller/controls/control-records.ts';
import { botTokenParameter, parameterPrefix } from '../src/environment.ts';
import { createSlackApprovalChannel } from '../src/slack/slack-approval-channel.ts';
import { createSlackWebApi } from '../src/slack/web-api.ts';

/** RequestApproval (`.waitForTaskToken`): store the token under a short id, post the buttons. */
export const createRequestApprovalHandler = (ports: RequestApprovalPorts) => middy().handler((event: unknown) => requestApproval(ports)(event));

/** 80 random bits as 20 hex characters: unguessable, and short enough for a button value. */
export const newApprovalId = (): string => randomBytes(10).toString('hex');

const prefix = parameterPrefix(process.env);
const ssm = awsClient(SSMClient);
const secrets = new SsmSecretSource(ssm);
const botTokenName = botTokenParameter(process.env, prefix);
const flags = new SsmRoutingStore(ssm, prefix);

export const handler = createRequestApprovalHandler({
  approvals: new SsmApprovalStore(ssm, prefix, process.env.SSM_KMS_KEY_ID ?? ''),
  channel: createSlackApprovalChannel(createSlackWebApi({ token: () => secrets.get(botTokenName) })),
  clock: systemClock,
  logger: createJsonLogger({ function: 'request-approval' }),
  newApprovalId,
  stillPaused: async (migration) => (await readPause(flags, prefix, migration)) !== null,
});
