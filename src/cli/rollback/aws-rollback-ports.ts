import { systemClock } from '@kraft-canary/client/contract';
import { awsClient } from '../../aws/aws-client.ts';
import { type Env, metricsNamespace } from '../../environment.ts';
import type { Command } from '../command.ts';
import type { LoadRollbackPorts } from './rollback-command.ts';
import { rollbackCommand } from './rollback-command.ts';

/**
 * The AWS adapters behind `rollback`, loaded only when it runs. Credentials and region come
 * from the usual AWS SDK chain; the caller needs the rollback function's permissions.
 */
export const loadAwsRollbackPorts: LoadRollbackPorts = async (prefix, env) => {
  const [{ SSMClient }, { SFNClient }, { STSClient, GetCallerIdentityCommand }, { CloudWatchClient }] = await Promise.all([
    import('@aws-sdk/client-ssm'),
    import('@aws-sdk/client-sfn'),
    import('@aws-sdk/client-sts'),
    import('@aws-sdk/client-cloudwatch'),
  ]);
  const [{ SsmRoutingStore }, { SfnExecutionControl }, { SsmSecretSource }, { SsmNotificationThreads }, { CloudWatchMetrics }, { createJsonLogger }] =
    await Promise.all([
      import('../../aws/ssm-routing-store.ts'),
      import('../../aws/sfn-execution-control.ts'),
      import('../../aws/ssm-secret-source.ts'),
      import('../../aws/ssm-notification-threads.ts'),
      import('../../aws/cloudwatch-metrics.ts'),
      import('../../aws/json-logger.ts'),
    ]);
  const [{ createSlackNotifier }, { createSlackWebApi }] = await Promise.all([import('../../slack/slack-notifier.ts'), import('../../slack/web-api.ts')]);
  const ssm = awsClient(SSMClient);
  const store = new SsmRoutingStore(ssm, prefix);
  const secrets = new SsmSecretSource(ssm);
  const logger = createJsonLogger({ command: 'rollback' }, (line) => process.stderr.write(`${line}\n`));
  const sts = awsClient(STSClient);
  return {
    routing: store,
    flags: store,
    executions: new SfnExecutionControl(awsClient(SFNClient)),
    notifier: createSlackNotifier({
      api: createSlackWebApi({ token: () => secrets.get(`${prefix}/slack/bot-token`) }),
      threads: new SsmNotificationThreads(ssm, prefix),
      logger,
    }),
    metrics: new CloudWatchMetrics(awsClient(CloudWatchClient)),
    namespace: metricsNamespace(env),
    logger,
    clock: systemClock,
    whoAmI: async () => (await sts.send(new GetCallerIdentityCommand({}))).Arn ?? 'unknown IAM principal',
  };
};

/** `kraft-canary rollback` over SSM, Step Functions, CloudWatch and Slack. */
export const awsRollbackCommand = (env: Env): Command => rollbackCommand(loadAwsRollbackPorts, env);
