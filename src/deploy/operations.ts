import type { CfnResource } from '../alarms/cloudformation.ts';
import type { FunctionKey } from './resource-names.ts';
import { FUNCTION_KEYS } from './resource-names.ts';
import { STATE_MACHINE_LOG_GROUP_LOGICAL_ID } from './state-machine-observability.ts';

export const STATE_MACHINE_LOGICAL_ID = 'RolloutStateMachine';

export interface OperationsSettings {
  /** `<prefix>.<migration>`: operational alarms are named under the migration, outside the rollback signals. */
  readonly alarmNamePrefix: string;
  readonly stateMachineLogGroup: string;
  /** SNS topic the operational alarms notify; none when empty. */
  readonly operationsTopicArn: string;
}

/** An alarm's metric math may use at most 10 metrics. */
const MAX_METRICS = 10;
const PERIOD = 300;

const functionLogicalId = (key: FunctionKey) => `${key.charAt(0).toUpperCase()}${key.slice(1)}LambdaFunction`;

function sumAlarm(
  settings: OperationsSettings,
  detail: string,
  description: string,
  metrics: { namespace: string; name: string; dimension: { Name: string; Value: unknown } }[],
): CfnResource {
  const actions = settings.operationsTopicArn === '' ? {} : { AlarmActions: [settings.operationsTopicArn], OKActions: [settings.operationsTopicArn] };
  const queries = metrics.map((m, i) => ({
    Id: `m${i}`,
    MetricStat: { Metric: { Namespace: m.namespace, MetricName: m.name, Dimensions: [m.dimension] }, Period: PERIOD, Stat: 'Sum' },
    ReturnData: false,
  }));
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: `${settings.alarmNamePrefix}.operations.${detail}`,
      AlarmDescription: description,
      Metrics: [...queries, { Id: 'total', Expression: `SUM([${queries.map((q) => q.Id).join(', ')}])`, ReturnData: true }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      TreatMissingData: 'notBreaching',
      ...actions,
    },
  };
}

/**
 * What an operator watches besides the rollback alarms: the state machine's log group, an
 * alarm on errors of any function (in groups of 10, the metric math limit) and one on runs
 * that failed or timed out (a held, refused or rolled-back run ends in a Fail state too: the
 * alarm asks a person to read its Slack message). They never roll anything back.
 */
export function operationsResources(settings: OperationsSettings): Record<string, CfnResource> {
  const resources: Record<string, CfnResource> = {
    [STATE_MACHINE_LOG_GROUP_LOGICAL_ID]: {
      Type: 'AWS::Logs::LogGroup',
      Properties: { LogGroupName: settings.stateMachineLogGroup, RetentionInDays: 90 },
    },
    RolloutExecutionsFailedAlarm: sumAlarm(
      settings,
      'executions-failed',
      'A rollout execution failed or timed out: read its outcome in Slack, or its history',
      ['ExecutionsFailed', 'ExecutionsTimedOut'].map((name) => ({
        namespace: 'AWS/States',
        name,
        dimension: { Name: 'StateMachineArn', Value: { Ref: STATE_MACHINE_LOGICAL_ID } },
      })),
    ),
  };
  for (let i = 0; i < FUNCTION_KEYS.length; i += MAX_METRICS) {
    const keys = FUNCTION_KEYS.slice(i, i + MAX_METRICS);
    const part = i === 0 ? '' : `-${i / MAX_METRICS + 1}`;
    resources[`LambdaErrorsAlarm${part.replace('-', '')}`] = sumAlarm(
      settings,
      `lambda-errors${part}`,
      `A kraft-canary function failed (${keys.join(', ')}): read its log`,
      keys.map((key) => ({ namespace: 'AWS/Lambda', name: 'Errors', dimension: { Name: 'FunctionName', Value: { Ref: functionLogicalId(key) } } })),
    );
  }
  return resources;
}
