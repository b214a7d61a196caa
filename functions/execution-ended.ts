import { SSMClient } from '@aws-sdk/client-ssm';
import middy from '@middy/core';
import { awsClient } from '../src/aws/aws-client.ts';
import { createJsonLogger } from '../src/aws/json-logger.ts';
import { SsmNotificationThreads } from '../src/aws/ssm-notification-threads.ts';
import { DEFAULT_PARAMETER_PREFIX, SsmRoutingStore } from '../src/aws/ssm-routing-store.ts';
import { SsmSecretSource } from '../src/aws/ssm-secret-source.ts';
import { type ExecutionEndedPorts, executionEnded } from '../src/controller/lock/execution-ended.ts';
import { createSlackNotifier } from '../src/slack/slack-notifier.ts';
import { createSlackWebApi } from '../src/slack/web-api.ts';

/**
 * ExecutionEnded: the target of the rule on this state machine's FAILED, TIMED_OUT and ABORTED
 * executions. Releases the lock and tells Slack when the execution died before its own
 * clean-up (src/controller/execution-ended.ts). Never throws over the event itself.
 */
export const createExecutionEndedHandler = (ports: ExecutionEndedPorts, migration: string) =>
  middy().handler(async (event: unknown) => executionEnded(ports, migration)(event));

const prefix = process.env.PARAMETER_PREFIX ?? DEFAULT_PARAMETER_PREFIX;
const ssm = awsClient(SSMClient);
const store = new SsmRoutingStore(ssm, prefix);
const secrets = new SsmSecretSource(ssm);
const botTokenName = process.env.SLACK_BOT_TOKEN_PARAM ?? `${prefix}/slack/bot-token`;
const logger = createJsonLogger({ function: 'execution-ended' });

export const handler = createExecutionEndedHandler(
  {
    flags: store,
    routing: store,
    notifier: createSlackNotifier({
      api: createSlackWebApi({ token: () => secrets.get(botTokenName) }),
      threads: new SsmNotificationThreads(ssm, prefix),
      logger,
    }),
    logger,
    prefix,
  },
  process.env.MIGRATION ?? '',
);
