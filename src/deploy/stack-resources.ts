import { alarmConfigFrom } from '../alarms/alarm-config.ts';
import { alarmResources, type CfnResource, COMPOSITE_ALARM_LOGICAL_ID } from '../alarms/cloudformation.ts';
import { dashboardResource } from '../alarms/dashboard.ts';
import { asyncFailureResources } from './async-failures.ts';
import type { DeploymentParams } from './deployment-params.ts';
import { DeploymentConfigError } from './errors.ts';
import { executionEventResources } from './execution-events.ts';
import { operationsResources } from './operations.ts';
import { SCHEDULE_LOGICAL_ID, scheduleResources } from './schedule.ts';
import { vpcEndpointResources } from './vpc-endpoints.ts';

export interface StackSection {
  Resources?: Record<string, unknown>;
  Outputs?: Record<string, unknown>;
  Conditions?: Record<string, unknown>;
}

const str = (value: unknown): string => (typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value));

function mergeUnique<T>(target: Record<string, T>, extra: Record<string, T>): void {
  for (const [id, resource] of Object.entries(extra)) {
    if (id in target) throw new DeploymentConfigError(`resource ${id} is defined twice`);
    target[id] = resource;
  }
}

/**
 * The `resources` section of serverless.yml: the hand-written resources plus everything
 * generated from the deployment parameters (alarms, composite alarm, alarm rule, dashboard,
 * schedule). serverless.yml loads it through deploy/resources.cjs.
 */
export function stackResources(params: DeploymentParams, base: StackSection, plan: { text: string; path: string } | null): StackSection {
  const alarms = alarmConfigFrom(params);
  const generated: Record<string, CfnResource> = {
    ...alarmResources(alarms),
    RolloutDashboard: dashboardResource(alarms),
    ...scheduleResources({
      migration: alarms.migration,
      namePrefix: alarms.namePrefix,
      name: str(params.scheduleName) || `${alarms.namePrefix}-${alarms.migration}-rollout`,
      plan,
      expression: str(params.scheduleExpression),
      timeZone: str(params.scheduleTimeZone) || 'UTC',
      state: str(params.scheduleState) || 'ENABLED',
    }),
    ...vpcEndpointResources(params),
    ...executionEventResources(),
    ...operationsResources({
      alarmNamePrefix: `${alarms.namePrefix}.${alarms.migration}`,
      stateMachineLogGroup: str(params.stateMachineLogGroup) || `/aws/vendedlogs/states/${alarms.namePrefix}-${alarms.migration}`,
      operationsTopicArn: str(params.operationsTopicArn),
    }),
  };
  mergeUnique(
    generated,
    asyncFailureResources(generated, { alarmNamePrefix: `${alarms.namePrefix}.${alarms.migration}`, operationsTopicArn: str(params.operationsTopicArn) }),
  );
  const resources: Record<string, unknown> = { ...(base.Resources ?? {}) };
  mergeUnique(resources, generated);
  const outputs: Record<string, unknown> = {
    ...(base.Outputs ?? {}),
    RollbackAlarmName: { Description: 'Composite alarm whose ALARM state rolls the migration back', Value: { Ref: COMPOSITE_ALARM_LOGICAL_ID } },
    DashboardName: { Value: { Ref: 'RolloutDashboard' } },
  };
  if (SCHEDULE_LOGICAL_ID in generated) outputs.RolloutScheduleName = { Value: { Ref: SCHEDULE_LOGICAL_ID } };
  return { ...base, Resources: resources, Outputs: outputs };
}

export type { DeploymentParams };
