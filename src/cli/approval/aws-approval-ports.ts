import { systemClock } from '@kraft-canary/client/contract';
import { awsClient } from '../../aws/aws-client.ts';
import { botTokenParameter, type Env } from '../../environment.ts';
import type { Command } from '../command.ts';
import { type Action, approvalDecisionCommand, type LoadApprovalPorts } from './approval-decision-command.ts';

/**
 * The AWS adapters behind `approve` and `reject`, loaded only when one of them runs. Credentials
 * and region come from the usual AWS SDK chain (environment, profile, SSO). The Slack bot token
 * is read only when a decided request has a message to edit, and held in memory for that call.
 */
export const loadAwsApprovalPorts: LoadApprovalPorts = async (prefix, env = {}) => {
  const [{ SSMClient }, { SFNClient }, { STSClient, GetCallerIdentityCommand }] = await Promise.all([
    import('@aws-sdk/client-ssm'),
    import('@aws-sdk/client-sfn'),
    import('@aws-sdk/client-sts'),
  ]);
  const [{ SsmApprovalStore }, { SfnExecutionControl }, { SsmSecretSource }, { createSlackWebApi }, { createSlackApprovalMessageEditor }] = await Promise.all([
    import('../../aws/ssm-approval-store.ts'),
    import('../../aws/sfn-execution-control.ts'),
    import('../../aws/ssm-secret-source.ts'),
    import('../../slack/web-api.ts'),
    import('../../slack/slack-approval-message-editor.ts'),
  ]);
  const sts = awsClient(STSClient);
  const ssm = awsClient(SSMClient);
  const secrets = new SsmSecretSource(ssm);
  const tokenName = botTokenParameter(env, prefix);
  return {
    approvals: new SsmApprovalStore(ssm, prefix),
    executions: new SfnExecutionControl(awsClient(SFNClient)),
    messages: createSlackApprovalMessageEditor(createSlackWebApi({ token: () => secrets.get(tokenName) })),
    clock: systemClock,
    whoAmI: async () => (await sts.send(new GetCallerIdentityCommand({}))).Arn ?? 'unknown IAM principal',
  };
};

/** `kraft-canary approve` and `reject` over SSM, Step Functions and Slack. */
export const awsApprovalCommand = (action: Action, env: Env): Command => approvalDecisionCommand(action, loadAwsApprovalPorts, env);
