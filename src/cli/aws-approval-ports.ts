import type { DecidePendingApprovalPorts } from '../controller/decide-pending-approval.ts';
import { systemClock } from '../ports.ts';

export interface ApprovalCliPorts extends DecidePendingApprovalPorts {
  /** The caller's IAM principal ARN, recorded as the decider. */
  whoAmI(): Promise<string>;
}

export type LoadApprovalPorts = (prefix: string) => Promise<ApprovalCliPorts>;

/**
 * The AWS adapters behind `approve` and `reject`, loaded only when one of them runs. Credentials
 * and region come from the usual AWS SDK chain (environment, profile, SSO).
 */
export const loadAwsApprovalPorts: LoadApprovalPorts = async (prefix) => {
  const [{ SSMClient }, { SFNClient }, { STSClient, GetCallerIdentityCommand }] = await Promise.all([
    import('@aws-sdk/client-ssm'),
    import('@aws-sdk/client-sfn'),
    import('@aws-sdk/client-sts'),
  ]);
  const [{ SsmApprovalStore }, { SfnExecutionControl }] = await Promise.all([
    import('../aws/ssm-approval-store.ts'),
    import('../aws/sfn-execution-control.ts'),
  ]);
  const sts = new STSClient({});
  return {
    approvals: new SsmApprovalStore(new SSMClient({}), prefix),
    executions: new SfnExecutionControl(new SFNClient({})),
    clock: systemClock,
    whoAmI: async () => (await sts.send(new GetCallerIdentityCommand({}))).Arn ?? 'unknown IAM principal',
  };
};
