import type { CfnResource } from '../alarms/cloudformation.ts';
import { SCHEDULER_ROLE_LOGICAL_ID } from './schedule.ts';

/**
 * Asynchronous work that fails for good is kept, not dropped: the EventBridge rule targets
 * (alarm → rollback, execution ended), the scheduled start and the asynchronous invocations of
 * the rollback, Slack interactions and execution-ended functions (their Lambda on-failure
 * destination) all end in one SQS queue, and an alarm goes off as soon as it holds a message.
 * Without it EventBridge drops an event after its retries, Scheduler drops a start, and Lambda
 * drops an asynchronous event after its retries or its maximum event age, silently.
 */
export const ASYNC_FAILURE_QUEUE_LOGICAL_ID = 'AsyncFailureQueue';
export const ASYNC_FAILURE_ALARM_LOGICAL_ID = 'AsyncFailureQueueAlarm';

const QUEUE_ARN = { 'Fn::GetAtt': [ASYNC_FAILURE_QUEUE_LOGICAL_ID, 'Arn'] };
/** SQS keeps a message at most 14 days (MessageRetentionPeriod 1,209,600 seconds). */
const RETENTION_SECONDS = 1_209_600;

type Resources = Record<string, CfnResource>;
type Target = { DeadLetterConfig?: { Arn: unknown } };

export interface AsyncFailureSettings {
  /** `<prefix>.<migration>`: the alarm is named under the migration, outside the rollback signals. */
  readonly alarmNamePrefix: string;
  /** SNS topic that operational alarms notify; none when empty. */
  readonly operationsTopicArn: string;
}

/** Every rule target and the schedule's target send what they could not deliver to the queue. */
function withDeadLetters(resources: Resources): string[] {
  const rules: string[] = [];
  for (const [id, resource] of Object.entries(resources)) {
    if (resource.Type === 'AWS::Events::Rule') {
      for (const target of (resource.Properties.Targets ?? []) as Target[]) target.DeadLetterConfig = { Arn: QUEUE_ARN };
      rules.push(id);
    }
    if (resource.Type === 'AWS::Scheduler::Schedule') (resource.Properties.Target as Target).DeadLetterConfig = { Arn: QUEUE_ARN };
  }
  return rules;
}

/** Scheduler sends to a dead-letter queue with the schedule's own role. */
function allowSchedulerRole(resources: Resources): void {
  const role = resources[SCHEDULER_ROLE_LOGICAL_ID];
  if (role === undefined) return;
  const policies = role.Properties.Policies as { PolicyName: string; PolicyDocument: { Version: string; Statement: unknown[] } }[];
  policies.push({
    PolicyName: 'dead-letter',
    PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['sqs:SendMessage'], Resource: [QUEUE_ARN] }] },
  });
}

/** The queue, its policy (only this stack's rules may send), its alarm; dead letters wired in. */
export function asyncFailureResources(generated: Resources, settings: AsyncFailureSettings): Resources {
  const rules = withDeadLetters(generated);
  allowSchedulerRole(generated);
  const actions = settings.operationsTopicArn === '' ? {} : { AlarmActions: [settings.operationsTopicArn], OKActions: [settings.operationsTopicArn] };
  return {
    [ASYNC_FAILURE_QUEUE_LOGICAL_ID]: {
      Type: 'AWS::SQS::Queue',
      Properties: { MessageRetentionPeriod: RETENTION_SECONDS, SqsManagedSseEnabled: true },
    },
    AsyncFailureQueuePolicy: {
      Type: 'AWS::SQS::QueuePolicy',
      Properties: {
        Queues: [{ Ref: ASYNC_FAILURE_QUEUE_LOGICAL_ID }],
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'RuleDeadLetters',
              Effect: 'Allow',
              Principal: { Service: 'events.amazonaws.com' },
              Action: 'sqs:SendMessage',
              Resource: QUEUE_ARN,
              Condition: { ArnEquals: { 'aws:SourceArn': rules.map((id) => ({ 'Fn::GetAtt': [id, 'Arn'] })) } },
            },
          ],
        },
      },
    },
    [ASYNC_FAILURE_ALARM_LOGICAL_ID]: {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: {
        AlarmName: `${settings.alarmNamePrefix}.operations.async-failures`,
        AlarmDescription: 'An asynchronous rollback, approval decision, execution clean-up or scheduled start failed for good: read the message in the queue',
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [ASYNC_FAILURE_QUEUE_LOGICAL_ID, 'QueueName'] } }],
        Statistic: 'Maximum',
        Period: 60,
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
        ...actions,
      },
    },
  };
}
