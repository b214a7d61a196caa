import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SSMClient } from '@aws-sdk/client-ssm';
import { systemClock } from '@kraft-canary/client/contract';
import middy from '@middy/core';
import { awsClient } from '../src/aws/aws-client.ts';
import { CloudWatchMetrics } from '../src/aws/cloudwatch-metrics.ts';
import { createJsonLogger } from '../src/aws/json-logger.ts';
import { SfnExecutionControl } from '../src/aws/sfn-execution-control.ts';
import { SsmNotificationThreads } from '../src/aws/ssm-notification-threads.ts';
import { SsmRoutingStore } from '../src/aws/ssm-routing-store.ts';
import { SsmSecretSource } from '../src/aws/ssm-secret-source.ts';
import { handleRollbackEvent } from '../src/controller/rollback/handle-rollback-event.ts';
import type { RollbackPorts } from '../src/controller/rollback/rollback.ts';
import type { RollbackEventContext } from '../src/controller/rollback/rollback-request.ts';
import { botTokenParameter, metricsNamespace, parameterPrefix, rollbackScope } from '../src/environment.ts';
import { createSlackNotifier } from '../src/slack/slack-notifier.ts';
import { createSlackWebApi } from '../src/slack/web-api.ts';

export interface RollbackHandlerPorts extends RollbackPorts {
  readonly context: RollbackEventContext;
}

/** RollBack: the alarm rule's target and the state machine's RollBack state (see docs/rollback.md). */
export const createRollbackHandler = (ports: RollbackHandlerPorts) =>
  middy().handler(async (event: unknown) => handleRollbackEvent(ports, ports.context)(event));

const prefix = parameterPrefix(process.env);
const ssm = awsClient(SSMClient);
const store = new SsmRoutingStore(ssm, prefix);
const secrets = new SsmSecretSource(ssm);
const botTokenName = botTokenParameter(process.env, prefix);
const logger = createJsonLogger({ function: 'rollback' });
const metrics = new CloudWatchMetrics(awsClient(CloudWatchClient));

export const handler = createRollbackHandler({
  routing: store,
  flags: store,
  executions: new SfnExecutionControl(awsClient(SFNClient)),
  // No channel here: the notifier posts into the thread the rollout opened for the migration.
  notifier: createSlackNotifier({
    api: createSlackWebApi({ token: () => secrets.get(botTokenName) }),
    threads: new SsmNotificationThreads(ssm, prefix),
    logger,
  }),
  metrics,
  namespace: metricsNamespace(process.env),
  logger,
  clock: systemClock,
  prefix,
  context: rollbackScope(process.env),
});
