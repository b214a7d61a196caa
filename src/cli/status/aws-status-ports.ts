import { awsClient } from '../../aws/aws-client.ts';
import type { Env } from '../../environment.ts';
import type { Command } from '../command.ts';
import type { LoadStatusPorts } from './status-command.ts';
import { statusCommand } from './status-command.ts';

/**
 * The AWS adapters behind `status`, loaded only when it runs: SSM (routing document, marker,
 * lock) and Step Functions (DescribeExecution, GetExecutionHistory), region and credentials
 * from the AWS SDK chain.
 */
export const loadAwsStatusPorts: LoadStatusPorts = async (prefix) => {
  const [{ SSMClient }, { SFNClient }] = await Promise.all([import('@aws-sdk/client-ssm'), import('@aws-sdk/client-sfn')]);
  const [{ SsmRoutingStore }, { SfnExecutionInspector }] = await Promise.all([
    import('../../aws/ssm-routing-store.ts'),
    import('../../aws/sfn-execution-inspector.ts'),
  ]);
  const store = new SsmRoutingStore(awsClient(SSMClient), prefix);
  return { routing: store, flags: store, executions: new SfnExecutionInspector(awsClient(SFNClient)) };
};

/** `kraft-canary status` over SSM and Step Functions. */
export const awsStatusCommand = (env: Env): Command => statusCommand(loadAwsStatusPorts, env);
