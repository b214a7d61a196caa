import { awsClient } from '../../aws/aws-client.ts';
import type { Env } from '../../environment.ts';
import type { Command } from '../command.ts';
import { regionOfStateMachine } from './execution-name.ts';
import type { LoadStartPorts } from './start-command.ts';
import { startCommand } from './start-command.ts';

/**
 * The AWS adapters behind `start`, loaded only when it runs. Credentials come from the AWS SDK
 * chain; Step Functions is called in the state machine's own region.
 */
export const loadAwsStartPorts: LoadStartPorts = async (stateMachineArn) => {
  const [{ SFNClient }, { STSClient, GetCallerIdentityCommand }] = await Promise.all([import('@aws-sdk/client-sfn'), import('@aws-sdk/client-sts')]);
  const [{ SfnExecutionControl }, { SfnExecutionInspector }] = await Promise.all([
    import('../../aws/sfn-execution-control.ts'),
    import('../../aws/sfn-execution-inspector.ts'),
  ]);
  const sfn = awsClient(SFNClient, { region: regionOfStateMachine(stateMachineArn) });
  const sts = awsClient(STSClient, { region: regionOfStateMachine(stateMachineArn) });
  return {
    executions: new SfnExecutionControl(sfn),
    inspector: new SfnExecutionInspector(sfn),
    whoAmI: async () => (await sts.send(new GetCallerIdentityCommand({}))).Arn ?? 'unknown IAM principal',
  };
};

/** `kraft-canary start` over Step Functions. */
export const awsStartCommand = (env: Env): Command => startCommand(loadAwsStartPorts, env);
