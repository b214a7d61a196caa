import { SSMClient } from '@aws-sdk/client-ssm';
import middy from '@middy/core';
import { awsClient } from '../src/aws/aws-client.ts';
import { createJsonLogger } from '../src/aws/json-logger.ts';
import { SsmNotificationThreads } from '../src/aws/ssm-notification-threads.ts';
import { SsmSecretSource } from '../src/aws/ssm-secret-source.ts';
import { notify } from '../src/controller/notify/notify.ts';
import { botTokenParameter, parameterPrefix } from '../src/environment.ts';
import type { Logger, NotificationThreads } from '../src/ports/index.ts';
import { createSlackNotifier } from '../src/slack/slack-notifier.ts';
import { createSlackWebApi, type SlackWebApi } from '../src/slack/web-api.ts';

export interface NotifyHandlerPorts {
  readonly api: SlackWebApi;
  readonly threads: NotificationThreads;
  readonly logger: Logger;
}

const CHANNEL = /^[CG][A-Z0-9]{2,}$/;

/** The plan's channel, when the state machine passes it next to the Notification. */
const channelOf = (event: unknown): string | null => {
  const channel = (event as { channel?: unknown } | null)?.channel;
  return typeof channel === 'string' && CHANNEL.test(channel) ? channel : null;
};

/** Notify: a Notification into the migration's Slack thread. Never fails the rollout. */
export const createNotifyHandler = (ports: NotifyHandlerPorts) =>
  middy().handler(async (event: unknown) => {
    const notifier = createSlackNotifier({ ...ports, channel: channelOf(event) });
    await notify({ notifier, logger: ports.logger })(event);
  });

const prefix = parameterPrefix(process.env);
const ssm = awsClient(SSMClient);
const secrets = new SsmSecretSource(ssm);
const botTokenName = botTokenParameter(process.env, prefix);

export const handler = createNotifyHandler({
  api: createSlackWebApi({ token: () => secrets.get(botTokenName) }),
  threads: new SsmNotificationThreads(ssm, prefix),
  logger: createJsonLogger({ function: 'notify' }),
});
