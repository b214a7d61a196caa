import type { DeploymentParams } from './deployment-params.ts';
import { DeploymentConfigError } from './errors.ts';

export const STATE_MACHINE_LOG_GROUP_LOGICAL_ID = 'RolloutStateMachineLogGroup';

/** Levels that keep at least every error: ERROR, or ALL (every state's input and output events too). */
const LEVELS = ['ERROR', 'ALL'] as const;

const str = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');

/**
 * serverless-step-functions' `loggingConfig`: the execution's events at `stateMachineLogLevel`
 * (ERROR unless ALL is asked for) to the stack's log group, without execution data (inputs and
 * outputs carry the plan and approvers; the history keeps them for 90 days anyway).
 */
export function stateMachineLogging(params: DeploymentParams) {
  const level = str(params.stateMachineLogLevel) || 'ERROR';
  if (!(LEVELS as readonly string[]).includes(level)) throw new DeploymentConfigError(`stateMachineLogLevel must be ERROR or ALL, got ${level}`);
  return { level, includeExecutionData: false, destinations: [{ 'Fn::GetAtt': [STATE_MACHINE_LOG_GROUP_LOGICAL_ID, 'Arn'] }] };
}

/** `tracingConfig` when `stateMachineTracing` is true: X-Ray traces of every execution. */
export function stateMachineTracing(params: DeploymentParams): { enabled: true } | null {
  const value = str(params.stateMachineTracing) || 'false';
  if (value !== 'true' && value !== 'false') throw new DeploymentConfigError(`stateMachineTracing must be true or false, got ${value}`);
  return value === 'true' ? { enabled: true } : null;
}
