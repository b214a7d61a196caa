import { systemClock } from '@kraft-canary/client/contract';
import { awsClient } from '../../aws/aws-client.ts';
import { type Env, metricsNamespace } from '../../environment.ts';
import type { Command } from '../command.ts';
import type { LoadStatusPorts } from './status-command.ts';
import { statusCommand } from './status-command.ts';

/**
 * The AWS adapters behind `status`, loaded only when it runs: SSM (routing document, marker,
 * lock), Step Functions (DescribeExecution, GetExecutionHistory) and CloudWatch (GetMetricData
 * of the clients' RoutingRevision), region and credentials from the AWS SDK chain.
 */
export const loadAwsStatusPorts: LoadStatusPorts = async (prefix, env) => {
  const [{ SSMClient }, { SFNClient }, { CloudWatchClient }] = await Promise.all([
    import('@aws-sdk/client-ssm'),
    import('@aws-sdk/client-sfn'),
    import('@aws-sdk/client-cloudwatch'),
  ]);
  const [{ SsmRoutingStore }, { SfnExecutionInspector }, { CloudWatchMetrics }] = await Promise.all([
    import('../../aws/ssm-routing-store.ts'),
    import('../../aws/sfn-execution-inspector.ts'),
    import('../../aws/cloudwatch-metrics.ts'),
  ]);
  const store = new SsmRoutingStore(awsClient(SSMClient), prefix);
  return {
    routing: store,
    flags: store,
    executions: new SfnExecutionInspector(awsClient(SFNClient)),
    metrics: new CloudWatchMetrics(awsClient(CloudWatchClient)),
    namespace: metricsNamespace(env),
    clock: systemClock,
  };
};

/** `kraft-canary status` over SSM and Step Functions. */
export const awsStatusCommand = (env: Env): Command => statusCommand(loadAwsStatusPorts, env);
