import { systemClock } from '@kraft-canary/client/contract';
import { awsClient } from '../aws/aws-client.ts';
import { botTokenParameter } from '../environment.ts';
import type { LoadControlPorts } from './control-command.ts';

/**
 * The AWS adapters behind `pause`, `resume`, `promote` and `step-back`, loaded only when one
 * runs: SSM (routing, lock, control records, the pause hold's approval record), Step Functions
 * (the lock holder's status and plan; SendTaskSuccess for a resume) and STS (who asks).
 */
export const loadAwsControlPorts: LoadControlPorts = async (prefix, env) => {
  const [{ SSMClient }, { SFNClient }, { STSClient, GetCallerIdentityCommand }] = await Promise.all([
    import('@aws-sdk/client-ssm'),
    import('@aws-sdk/client-sfn'),
    import('@aws-sdk/client-sts'),
  ]);
  const [{ SsmRoutingStore }, { SsmApprovalStore }, { SfnExecutionControl }, { SsmSecretSource }, { createJsonLogger }, { resumeHold }] = await Promise.all([
    import('../aws/ssm-routing-store.ts'),
    import('../aws/ssm-approval-store.ts'),
    import('../aws/sfn-execution-control.ts'),
    import('../aws/ssm-secret-source.ts'),
    import('../aws/json-logger.ts'),
    import('../controller/controls/resume-hold.ts'),
  ]);
  const [{ createSlackWebApi }, { createSlackApprovalMessageEditor }] = await Promise.all([
    import('../slack/web-api.ts'),
    import('../slack/slack-approval-message-editor.ts'),
  ]);
  const ssm = awsClient(SSMClient);
  const store = new SsmRoutingStore(ssm, prefix);
  const executions = new SfnExecutionControl(awsClient(SFNClient));
  const secrets = new SsmSecretSource(ssm);
  const tokenName = botTokenParameter(env, prefix);
  const sts = awsClient(STSClient);
  return {
    routing: store,
    flags: store,
    executions,
    clock: systemClock,
    logger: createJsonLogger({ command: 'control' }, (line) => process.stderr.write(`${line}\n`)),
    resumeHold: resumeHold({
      approvals: new SsmApprovalStore(ssm, prefix),
      executions,
      clock: systemClock,
      messages: createSlackApprovalMessageEditor(createSlackWebApi({ token: () => secrets.get(tokenName) })),
    }),
    whoAmI: async () => (await sts.send(new GetCallerIdentityCommand({}))).Arn ?? 'unknown IAM principal',
  };
};
