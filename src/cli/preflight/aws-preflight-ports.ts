import { awsClient } from '../../aws/aws-client.ts';
import { alarmPrefix, type Env } from '../../environment.ts';
import type { Command } from '../command.ts';
import type { LoadPreflightPorts } from './preflight-command.ts';
import { preflightCommand } from './preflight-command.ts';

/**
 * The adapters of the Preflight function, for `kraft-canary preflight`, loaded only when it
 * runs: SSM, MSK, CloudWatch alarms, Step Functions (whether a lock's holder still runs),
 * Lambda event source mappings and the plan's clusters over kafkajs (IAM or SCRAM from Secrets
 * Manager). Region and credentials come from the AWS SDK chain. The dry run wraps the writers.
 */
export const loadAwsPreflightPorts: LoadPreflightPorts = async (prefix, env) => {
  const [{ SSMClient }, { KafkaClient }, { CloudWatchClient }, { SFNClient }, { LambdaClient }, { SecretsManagerClient }, { IAMClient }] = await Promise.all([
    import('@aws-sdk/client-ssm'),
    import('@aws-sdk/client-kafka'),
    import('@aws-sdk/client-cloudwatch'),
    import('@aws-sdk/client-sfn'),
    import('@aws-sdk/client-lambda'),
    import('@aws-sdk/client-secrets-manager'),
    import('@aws-sdk/client-iam'),
  ]);
  const [{ SsmRoutingStore }, { SsmSecretSource }, { MskClusterRegistry }, { CloudWatchAlarmStates }, { SfnExecutionControl }, { openAwsReadinessPorts }] =
    await Promise.all([
      import('../../aws/ssm-routing-store.ts'),
      import('../../aws/ssm-secret-source.ts'),
      import('../../aws/msk-cluster-registry.ts'),
      import('../../aws/cloudwatch-alarm-states.ts'),
      import('../../aws/sfn-execution-control.ts'),
      import('../../aws/aws-readiness-ports.ts'),
    ]);
  const [{ kafkajsAdmins }, { secretsManagerScram }, { preflightReadiness }] = await Promise.all([
    import('../../kafka/kafka-admins.ts'),
    import('../../kafka/scram-credentials.ts'),
    import('../../readiness/preflight-readiness.ts'),
  ]);
  const ssm = awsClient(SSMClient);
  const store = new SsmRoutingStore(ssm, prefix);
  const msk = awsClient(KafkaClient);
  const kafka = { scram: secretsManagerScram(awsClient(SecretsManagerClient)), clientId: 'kraft-canary-cli' };
  const readiness = { msk, lambda: awsClient(LambdaClient), iam: awsClient(IAMClient), secrets: new SsmSecretSource(ssm), prefix, kafka };
  return {
    routing: store,
    flags: store,
    clusters: new MskClusterRegistry(msk),
    kafka: kafkajsAdmins(kafka),
    logger: { info: () => {}, warn: () => {}, error: () => {} },
    extraChecks: [preflightReadiness((plan) => openAwsReadinessPorts(plan, readiness))],
    alarms: { states: new CloudWatchAlarmStates(awsClient(CloudWatchClient)), namePrefix: alarmPrefix(env) },
    executions: new SfnExecutionControl(awsClient(SFNClient)),
  };
};

/** `kraft-canary preflight` over AWS and the plan's clusters. */
export const awsPreflightCommand = (env: Env): Command => preflightCommand(loadAwsPreflightPorts, env);
