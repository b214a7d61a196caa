import { createHash } from 'node:crypto';
import type { AlarmConfig } from './alarm-config.ts';
import { alarmRuleText, compositeTree, MAX_ALARM_RULE } from './composite-tree.ts';
import { type AlarmDefinition, alarmDefinitions, type CompositeDefinition, type Expression } from './definitions.ts';
import { AlarmConfigError } from './errors.ts';

export type CfnResource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] };

/** Where the alarm state change goes: the rollback function's logical id in the template. */
export const ROLLBACK_FUNCTION_LOGICAL_ID = 'RollbackLambdaFunction';
export const COMPOSITE_ALARM_LOGICAL_ID = 'RollbackCompositeAlarm';
export const ALARM_RULE_LOGICAL_ID = 'RollbackAlarmRule';

/** CloudWatch metric-math text for an expression (the local evaluator computes the same). */
export function expressionText(expression: Expression): string {
  switch (expression.kind) {
    case 'metric':
      return expression.id;
    case 'max':
      return `MAX([${expression.ids.join(', ')}])`;
    case 'sum':
      return `SUM([${expression.ids.join(', ')}])`;
    case 'ratio': {
      const { numerator, denominator, minDenominator } = expression;
      return `IF(${denominator} >= ${minDenominator}, FILL(${numerator}, 0) / ${denominator}, 0)`;
    }
  }
}

/** Stable, alphanumeric logical id derived from the alarm name. */
export function logicalIdFor(kind: string, name: string): string {
  const digest = createHash('sha256').update(name).digest('hex').slice(0, 8);
  const readable = name
    .split('.')
    .slice(2)
    .join(' ')
    .replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase());
  return `${kind}${readable.charAt(0).toUpperCase()}${readable.slice(1, 180)}${digest}`;
}

function metricAlarm(def: AlarmDefinition): CfnResource {
  const single = def.expression.kind === 'metric';
  const metrics = def.metrics.map((m) => ({
    Id: m.id,
    MetricStat: {
      Metric: {
        Namespace: m.namespace,
        MetricName: m.metricName,
        Dimensions: Object.entries(m.dimensions).map(([Name, Value]) => ({ Name, Value })),
      },
      Period: def.periodSeconds,
      Stat: m.stat,
    },
    ReturnData: single,
  }));
  const expression = single ? [] : [{ Id: 'e', Expression: expressionText(def.expression), Label: def.description.slice(0, 200), ReturnData: true }];
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: def.name,
      AlarmDescription: def.description,
      ComparisonOperator: def.comparison,
      Threshold: def.threshold,
      EvaluationPeriods: def.evaluationPeriods,
      DatapointsToAlarm: def.datapointsToAlarm,
      TreatMissingData: def.treatMissingData,
      Metrics: [...metrics, ...expression],
    },
  };
}

function compositeAlarm(composite: CompositeDefinition, childIds: readonly string[]): CfnResource {
  const rule = alarmRuleText(composite.children);
  if (rule.length > MAX_ALARM_RULE) {
    throw new AlarmConfigError(`the composite alarm rule is ${rule.length} characters (limit ${MAX_ALARM_RULE}): watch fewer groups or topics`);
  }
  return {
    Type: 'AWS::CloudWatch::CompositeAlarm',
    Properties: { AlarmName: composite.name, AlarmDescription: composite.description, AlarmRule: rule },
    DependsOn: [...childIds],
  };
}

/**
 * The rule that turns the composite alarm's move into ALARM into a rollback. Retries stop
 * after 15 minutes: an hour-old alarm must not roll back a rollout started since.
 */
function alarmRule(composite: CompositeDefinition): Record<string, CfnResource> {
  return {
    [ALARM_RULE_LOGICAL_ID]: {
      Type: 'AWS::Events::Rule',
      Properties: {
        Description: `Roll back when ${composite.name} goes to ALARM`,
        State: 'ENABLED',
        EventPattern: {
          source: ['aws.cloudwatch'],
          'detail-type': ['CloudWatch Alarm State Change'],
          detail: { alarmName: [composite.name], state: { value: ['ALARM'] } },
        },
        Targets: [
          {
            Id: 'rollback',
            Arn: { 'Fn::GetAtt': [ROLLBACK_FUNCTION_LOGICAL_ID, 'Arn'] },
            RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 900 },
          },
        ],
      },
    },
    RollbackAlarmRulePermission: {
      Type: 'AWS::Lambda::Permission',
      Properties: {
        Action: 'lambda:InvokeFunction',
        FunctionName: { 'Fn::GetAtt': [ROLLBACK_FUNCTION_LOGICAL_ID, 'Arn'] },
        Principal: 'events.amazonaws.com',
        SourceArn: { 'Fn::GetAtt': [ALARM_RULE_LOGICAL_ID, 'Arn'] },
      },
    },
  };
}

/** Every alarm resource of one migration: metric alarms, the composite, the rule and its permission. */
export function alarmResources(config: AlarmConfig): Record<string, CfnResource> {
  const alarms = alarmDefinitions(config);
  const resources: Record<string, CfnResource> = {};
  const idOf = new Map<string, string>();
  for (const def of alarms) {
    idOf.set(def.name, logicalIdFor('Alarm', def.name));
    resources[logicalIdFor('Alarm', def.name)] = metricAlarm(def);
  }
  // Children first: a composite may only name alarms that exist (DependsOn each of them).
  const tree = compositeTree(config, alarms);
  const top = tree.at(-1) as CompositeDefinition;
  for (const composite of tree) {
    const id = composite === top ? COMPOSITE_ALARM_LOGICAL_ID : logicalIdFor('Composite', composite.name);
    resources[id] = compositeAlarm(
      composite,
      composite.children.map((name) => idOf.get(name) as string),
    );
    idOf.set(composite.name, id);
  }
  return { ...resources, ...alarmRule(top) };
}
