import type { CfnResource } from '../alarms/cloudformation.ts';
import { STATE_MACHINE_LOGICAL_ID } from './schedule.ts';

export const EXECUTION_ENDED_FUNCTION_LOGICAL_ID = 'ExecutionEndedLambdaFunction';
export const EXECUTION_ENDED_RULE_LOGICAL_ID = 'ExecutionEndedRule';

/** Statuses of an execution that may have ended without running its own ReleaseLock and NotifyOutcome. */
export const ENDED_STATUSES = ['FAILED', 'TIMED_OUT', 'ABORTED'] as const;

/**
 * Step Functions sends "Step Functions Execution Status Change" events (source aws.states) to
 * the default bus, best effort (Amazon EventBridge events reference). `States.ALL` catches
 * neither `States.DataLimitExceeded` nor `States.Runtime` (Step Functions, "Handling errors"),
 * and a timed-out or stopped execution runs no further state: without this rule such an
 * execution ends with no Slack message and the lock still held.
 */
export function executionEventResources(): Record<string, CfnResource> {
  return {
    [EXECUTION_ENDED_RULE_LOGICAL_ID]: {
      Type: 'AWS::Events::Rule',
      Properties: {
        Description: 'An execution of the rollout state machine failed, timed out or was stopped: release its lock and notify when it could not',
        State: 'ENABLED',
        EventPattern: {
          source: ['aws.states'],
          'detail-type': ['Step Functions Execution Status Change'],
          detail: { status: [...ENDED_STATUSES], stateMachineArn: [{ Ref: STATE_MACHINE_LOGICAL_ID }] },
        },
        Targets: [
          {
            Id: 'execution-ended',
            Arn: { 'Fn::GetAtt': [EXECUTION_ENDED_FUNCTION_LOGICAL_ID, 'Arn'] },
            RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 3600 },
          },
        ],
      },
    },
    ExecutionEndedRulePermission: {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [EXECUTION_ENDED_FUNCTION_LOGICAL_ID, 'Arn'] },
        Principal: 'events.amazonaws.com',
        SourceArn: { 'Fn::GetAtt': [EXECUTION_ENDED_RULE_LOGICAL_ID, 'Arn'] },
      },
    },
  };
}
