import { parse as parseYaml } from 'yaml';
import type { CfnResource } from '../alarms/cloudformation.ts';
import { bakeIssues } from '../domain/bake-periods.ts';
import { parsePlan } from '../domain/plan.ts';
import { DeploymentConfigError } from './errors.ts';

export const STATE_MACHINE_LOGICAL_ID = 'RolloutStateMachine';
export const SCHEDULE_LOGICAL_ID = 'RolloutSchedule';
export const SCHEDULER_ROLE_LOGICAL_ID = 'RolloutSchedulerRole';
/** EventBridge Scheduler accepts at most 8,192 characters of target input. */
const MAX_INPUT = 8192;

export interface ScheduleSettings {
  readonly migration: string;
  readonly namePrefix: string;
  /** The schedule's name (src/deploy/resource-names.ts: per migration, at most 64 characters). */
  readonly name: string;
  /** Plan text (YAML or JSON) and where it came from; null when no plan is scheduled. */
  readonly plan: { readonly text: string; readonly path: string } | null;
  /** `at(2026-05-04T02:00:00)`, `cron(...)` or `rate(...)`. */
  readonly expression: string;
  readonly timeZone: string;
  readonly state: string;
}

/** The execution input: the plan exactly as written, after checking that it is valid. */
function executionInput(settings: ScheduleSettings, plan: { text: string; path: string }): string {
  const parsed = parsePlan(plan.text);
  if (!parsed.ok) {
    const issues = parsed.error.issues.map((i) => `${i.path}: ${i.message}`).join('; ');
    throw new DeploymentConfigError(`schedulePlan ${plan.path}: ${parsed.error.message}: ${issues}`);
  }
  const short = bakeIssues(parsed.value.stages, 60);
  if (short.length > 0) throw new DeploymentConfigError(`schedulePlan ${plan.path}: ${short.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  if (parsed.value.migration !== settings.migration) {
    throw new DeploymentConfigError(`schedulePlan ${plan.path} is for ${parsed.value.migration}, this deployment for ${settings.migration}`);
  }
  const input = JSON.stringify({ plan: parseYaml(plan.text), requestedBy: `schedule:${settings.namePrefix}` });
  if (input.length > MAX_INPUT) {
    throw new DeploymentConfigError(`schedulePlan ${plan.path} makes a ${input.length}-character input; the scheduler takes ${MAX_INPUT}`);
  }
  return input;
}

/**
 * The scheduled automatic rollout: no schedule at all unless a plan is given (a schedule
 * without a plan has nothing to start), and its own role may only start this state machine.
 */
export function scheduleResources(settings: ScheduleSettings): Record<string, CfnResource> {
  if (settings.plan === null) return {};
  if (settings.expression === '') throw new DeploymentConfigError('scheduleExpression is required when schedulePlan is given');
  if (settings.state !== 'ENABLED' && settings.state !== 'DISABLED') {
    throw new DeploymentConfigError(`scheduleState must be ENABLED or DISABLED, got ${settings.state}`);
  }
  const input = executionInput(settings, settings.plan);
  return {
    [SCHEDULER_ROLE_LOGICAL_ID]: {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { Service: 'scheduler.amazonaws.com' },
              Action: 'sts:AssumeRole',
              Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
            },
          ],
        },
        Policies: [
          {
            PolicyName: 'start-rollout',
            PolicyDocument: {
              Version: '2012-10-17',
              Statement: [{ Effect: 'Allow', Action: ['states:StartExecution'], Resource: [{ Ref: STATE_MACHINE_LOGICAL_ID }] }],
            },
          },
        ],
      },
    },
    [SCHEDULE_LOGICAL_ID]: {
      Type: 'AWS::Scheduler::Schedule',
      Properties: {
        Name: settings.name,
        Description: `Starts the ${settings.migration} rollout with ${settings.plan.path}`,
        ScheduleExpression: settings.expression,
        ScheduleExpressionTimezone: settings.timeZone,
        FlexibleTimeWindow: { Mode: 'OFF' },
        State: settings.state,
        Target: {
          Arn: { Ref: STATE_MACHINE_LOGICAL_ID },
          RoleArn: { 'Fn::GetAtt': [SCHEDULER_ROLE_LOGICAL_ID, 'Arn'] },
          Input: input,
          // A second start would only meet the rollout lock; one retry covers a throttled call.
          RetryPolicy: { MaximumRetryAttempts: 1, MaximumEventAgeInSeconds: 300 },
        },
      },
    },
  };
}
