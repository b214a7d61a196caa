import { validatePlan } from '../domain/plan.ts';
import type { RoutingDocument } from '../domain/routing-document.ts';
import type { ExecutionControl, Logger } from '../ports.ts';
import type { StopOutcome } from './stop-rollout.ts';

export type FinishPorts = {
  readonly executions: Pick<ExecutionControl, 'startExecution' | 'describeExecution'>;
  readonly logger: Logger;
};

/** Why nothing drains green unless someone starts the finish-rollback execution by hand. */
export type ByHandReason = 'no-running-rollout' | 'plan-unreadable' | 'no-state-machine' | 'start-failed';

/** Who proves green drained and drops it from the consumers after this rollback. */
export type FinishOutcome =
  | { readonly kind: 'started' | 'already-started'; readonly executionArn: string }
  /** The state machine's own rollback path drains green, or nothing is left to drain. */
  | { readonly kind: 'not-needed'; readonly reason: 'state-machine' | 'nothing-to-drain' | 'rollout-still-running' }
  | { readonly kind: 'finishing'; readonly executionArn: string }
  | { readonly kind: 'by-hand'; readonly reason: ByHandReason; readonly command: string };

const EXECUTION_ARN = /^(arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}):execution:([A-Za-z0-9_-]{1,80}):[^:]+$/;

/**
 * The state machine of a standard execution (`…:execution:<machine>:<name>` →
 * `…:stateMachine:<machine>`): the finish must run the very definition whose execution was
 * stopped, wherever the rollback runs (Lambda, Slack, CLI, rehearsal); null for anything else.
 */
export function stateMachineOf(executionArn: string): string | null {
  const match = EXECUTION_ARN.exec(executionArn);
  return match ? `${match[1]}:stateMachine:${match[2]}` : null;
}

/** `<migration>-finish-<revision>` within Step Functions' 80 characters: one finish per rolled-back document. */
export function finishExecutionName(migration: string, revision: number): string {
  const suffix = `-finish-${revision}`;
  return `${migration.slice(0, 80 - suffix.length)}${suffix}`;
}

/** What an operator runs when no finish-rollback execution could be started. */
export function finishByHandCommand(stateMachineArn: string | null): string {
  return `kraft-canary start --plan <file> --entry finish-rollback${stateMachineArn === null ? '' : ` --state-machine-arn ${stateMachineArn}`}`;
}

/** The plan the stopped rollout ran, as it was given (preflight validates it again). */
function planOf(input: unknown, migration: string): unknown {
  const plan = typeof input === 'object' && input !== null ? (input as { plan?: unknown }).plan : undefined;
  const valid = validatePlan(plan);
  return valid.ok && valid.value.migration === migration ? plan : null;
}

const byHand = (reason: ByHandReason, stateMachineArn: string | null): FinishOutcome => ({ kind: 'by-hand', reason, command: finishByHandCommand(stateMachineArn) });

const executionArnOf = (stateMachineArn: string, name: string) => `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;

/**
 * Nothing was stopped (a duplicate event, or a rollout that no longer ran): the finish an
 * earlier event started may still run before its preflight took the lock; otherwise an
 * operator finishes by hand.
 */
async function earlierFinish(ports: FinishPorts, stop: StopOutcome, migration: string, revision: number): Promise<FinishOutcome> {
  const stateMachineArn = stop.kind === 'not-running' ? stateMachineOf(stop.executionArn) : null;
  if (stateMachineArn === null) return byHand('no-running-rollout', null);
  const executionArn = executionArnOf(stateMachineArn, finishExecutionName(migration, revision));
  try {
    if (['RUNNING', 'PENDING_REDRIVE'].includes(await ports.executions.describeExecution(executionArn))) return { kind: 'finishing', executionArn };
  } catch (error) {
    ports.logger.warn('DescribeExecution of the finish-rollback execution failed', { migration, error: error instanceof Error ? error.name : 'unknown' });
  }
  return byHand('no-running-rollout', stateMachineArn);
}

export interface FinishRequest {
  readonly migration: string;
  readonly actor: string;
  readonly source: 'alarm' | 'state-machine' | 'operator';
  readonly stop: StopOutcome;
  /** The rolled-back document clients follow after the rollback's writes. */
  readonly after: RoutingDocument | null;
}

/**
 * Step (7) of the protocol: after an alarm or operator rollback stopped the running rollout,
 * start a `finish-rollback` execution of the same state machine on the same plan, which proves
 * green drained and drops it from the consumers (the stopped execution never reaches its own
 * drain). Named after the rolled-back revision, so a duplicate event finds it already started.
 * Any failure here leaves the rollback standing and says how to finish by hand.
 */
export async function finishRollback(ports: FinishPorts, request: FinishRequest): Promise<FinishOutcome> {
  const { stop, after, migration } = request;
  if (request.source === 'state-machine') return { kind: 'not-needed', reason: 'state-machine' };
  if (after === null || !after.consumers.green) return { kind: 'not-needed', reason: 'nothing-to-drain' };
  if (stop.kind === 'finishing') return { kind: 'finishing', executionArn: stop.executionArn };
  if (stop.kind === 'stop-failed') return { kind: 'not-needed', reason: 'rollout-still-running' };
  if (stop.kind !== 'stopped') return earlierFinish(ports, stop, migration, after.revision);
  const stateMachineArn = stateMachineOf(stop.executionArn);
  if (stateMachineArn === null) return byHand('no-state-machine', null);
  const plan = stop.input.kind === 'read' ? planOf(stop.input.value, migration) : null;
  if (plan === null) return byHand('plan-unreadable', stateMachineArn);
  try {
    const input = { plan, requestedBy: request.actor, entry: 'finish-rollback' };
    const started = await ports.executions.startExecution(stateMachineArn, finishExecutionName(migration, after.revision), input);
    return { kind: started.alreadyStarted ? 'already-started' : 'started', executionArn: started.executionArn };
  } catch (error) {
    ports.logger.error('the finish-rollback execution could not be started', { migration, error: error instanceof Error ? error.name : 'unknown' });
    return byHand('start-failed', stateMachineArn);
  }
}
