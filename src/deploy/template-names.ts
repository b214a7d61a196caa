import { DeploymentConfigError } from './errors.ts';
import type { CompiledTemplate } from './finalize-template.ts';
import { NAME_LIMITS } from './resource-names.ts';

/**
 * The physical names this stack sets, by resource type: the property that holds the name, what
 * AWS calls it and its length limit (the services' API references and CloudFormation resource
 * schemas). Most are derived from the stage and the migration id by resource-names.ts, others
 * by the framework (log groups, the publisher's rule when the name is not ours).
 */
export const NAMED_RESOURCES: Readonly<Record<string, { readonly property: string; readonly what: string; readonly limit: number }>> = {
  'AWS::Lambda::Function': { property: 'FunctionName', what: 'Lambda function name', limit: NAME_LIMITS.function },
  'AWS::IAM::Role': { property: 'RoleName', what: 'IAM role name', limit: NAME_LIMITS.role },
  'AWS::StepFunctions::StateMachine': { property: 'StateMachineName', what: 'Step Functions state machine name', limit: NAME_LIMITS.stateMachine },
  'AWS::Events::Rule': { property: 'Name', what: 'EventBridge rule name', limit: NAME_LIMITS.rule },
  'AWS::Scheduler::Schedule': { property: 'Name', what: 'EventBridge Scheduler schedule name', limit: NAME_LIMITS.schedule },
  'AWS::SQS::Queue': { property: 'QueueName', what: 'SQS queue name', limit: NAME_LIMITS.queue },
  'AWS::Logs::LogGroup': { property: 'LogGroupName', what: 'CloudWatch Logs log group name', limit: NAME_LIMITS.logGroup },
  'AWS::CloudWatch::Alarm': { property: 'AlarmName', what: 'CloudWatch alarm name', limit: NAME_LIMITS.alarm },
  'AWS::CloudWatch::CompositeAlarm': { property: 'AlarmName', what: 'CloudWatch alarm name', limit: NAME_LIMITS.alarm },
};

/**
 * Throws, naming each name, its length and its limit, when a resource's literal name is longer
 * than its service takes: CloudFormation would otherwise fail half-way through the deployment.
 * Names built with intrinsic functions are left to CloudFormation.
 */
export function checkTemplateNames(template: CompiledTemplate): void {
  const over: string[] = [];
  for (const [id, resource] of Object.entries(template.Resources)) {
    const named = NAMED_RESOURCES[resource.Type];
    const name = named === undefined ? undefined : resource.Properties?.[named.property];
    if (named === undefined || typeof name !== 'string' || name.length <= named.limit) continue;
    over.push(`${named.what} "${name}" (${id}) is ${name.length} characters, over the limit of ${named.limit}`);
  }
  if (over.length === 0) return;
  throw new DeploymentConfigError(
    `${over.join('; ')}. Names carry kraft-canary-<stage>-<migration>: deploy with a shorter migration id or stage, or derive the name in src/deploy/resource-names.ts, which keeps names within their limits with a hash`,
  );
}
