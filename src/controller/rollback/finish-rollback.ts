import type { RoutingDocument } from '@kraft-canary/client/contract';
import { validatePlan } from '../../domain/plan.ts';
import { executionArnOf, stateMachineOf } from '../../domain/step-functions-arn.ts';
import type { ExecutionControl, Logger } from '../../ports/index.ts';
import { isAlive } from '../lock/rollout-lock.ts';
import { type ReadInput, readExecutionInput, type StopOutcome } from './stop-rollout.ts';

export type FinishPorts = {
  readonly executions: Pick<ExecutionControl, 'startExecution' | 'describeExecution' | 'executionInput'>;
  readonly logger: Logger;
};

/** Why nothing drains green unless someone starts the finish-rollback execution by hand. */
export type ByHandReason = 'no-running-rollout' | 'plan-unreadable' | 'no-state-machine' | 'start-failed' | 'finish-ended';

/** Who proves green drained and drops it from the consumers after this rollback. */
export type FinishOutcome =
  | { readonly kind: 'started' | 'already-started'; readonly executionArn: string }
  /** The state machine's own rollback path drains green, or nothing is left to drain. */
  | { readonly kind: 'not-needed'; readonly reason: 'state-machine' | 'nothing-to-drain' | 'rollout-still-running' }
  | { readonly kind: 'finishing'; readonly executionArn: string }
  | { readonly kind: 'by-hand'; readonly reason: ByHandReason; readonly command: string };

/** `<migration>-finish-<revision>` within Step Functions' 80 characters: one finish per rolled-back document. */
export function finishExecutionName(migration: string, revision: number): string {
  const suffix = `-finish-${revision}`;
  return `${migration.slice(0, 80 - suffix.length)}${suffix}`;
}

/** What an operator runs when no finish-rollback execution could be started. */
export function finishByHandCommand(stateMachineArn: string | null): string {
  return `kraft-canary start --plan <file> --entry finish-rollback${stateMachineArn === null ? '' : ` --state-machine-arn ${stateMachineArn}`}`;
}

/** The plan the rollout ran, as it was given (preflight validates it again). */
function planOf(input: unknown, migration: string): unknown {
  const plan = typeof input === 'object' && input !== null ? (input as { plan?: unknown }).plan : undefined;
  const valid = validatePlan(plan);
  return valid.ok && valid.value.migration === migration ? plan : null;
}

const byHand = (reason: ByHandReason, stateMachineArn: string | null): FinishOutcome => ({
  kind: 'by-hand',
  reason,
  command: finishByHandCommand(stateMachineArn),
});

export interface FinishRequest {
  readonly migration: string;
  readonly actor: string;
  readonly source: 'alarm' | 'state-machine' | 'operator';
  readonly stop: StopOutcome;
  /** The rolled-back document clients follow after the rollback's writes. */
  readonly after: RoutingDocument | null;
}

/**
 * The finish-rollback execution of this rolled-back revision, if an earlier event started it:
 * still running → it drains green; ended with green still consumed → by hand (its name is
 * taken); never started, or not known → null, start it (the name keeps the start idempotent).
 */
async function earlierFinish(ports: FinishPorts, stateMachineArn: string, migration: string, revision: number): Promise<FinishOutcome | null> {
  const executionArn = executionArnOf(stateMachineArn, finishExecutionName(migration, revision));
  try {
    const status = await ports.executions.describeExecution(executionArn);
    if (isAlive(status)) return { kind: 'finishing', executionArn };
    return status === 'NOT_FOUND' ? null : byHand('finish-ended', stateMachineArn);
  } catch (error) {
    ports.logger.warn('DescribeExecution of the finish-rollback execution failed', { migration, error: error instanceof Error ? error.name : 'unknown' });
    return null;
  }
}

/** StartExecution of `<migration>-finish-<revision>` on the plan the rollout ran. */
async function startFinish(ports: FinishPorts, request: FinishRequest, stateMachineArn: string, input: ReadInput, revision: number): Promise<FinishOutcome> {
  const { migration } = request;
  const plan = input.kind === 'read' ? planOf(input.value, migration) : null;
  if (plan === null) return byHand('plan-unreadable', stateMachineArn);
  try {
    const started = await ports.executions.startExecution(stateMachineArn, finishExecutionName(migration, revision), {
      plan,
      requestedBy: request.actor,
      entry: 'finish-rollback',
    });
    return { kind: started.alreadyStarted ? 'already-started' : 'started', executionArn: started.executionArn };
  } catch (error) {
    ports.logger.error('the finish-rollback execution could not be started', { migration, error: error instanceof Error ? error.name : 'unknown' });
    return byHand('start-failed', stateMachineArn);
  }
}

/**
 * No rollout execution runs (it ended in a hold, or a duplicate event finds it stopped): the
 * execution that last wrote the route (the document's `executionArn`, which the rolled-back
 * document keeps) ran the plan and names the state machine. A finish an earlier event
 * started is left alone.
 */
async function finishAfterRollout(ports: FinishPorts, request: FinishRequest, after: RoutingDocument): Promise<FinishOutcome> {
  const lastWriter = after.executionArn;
  if (lastWriter === undefined) return byHand('no-running-rollout', null);
  const stateMachineArn = stateMachineOf(lastWriter);
  if (stateMachineArn === null) return byHand('no-state-machine', null);
  const earlier = await earlierFinish(ports, stateMachineArn, request.migration, after.revision);
  if (earlier !== null) return earlier;
  return startFinish(ports, request, stateMachineArn, await readExecutionInput(ports, lastWriter, request.migration), after.revision);
}

/**
 * Step (6) of the protocol: after an alarm or operator rollback, start a `finish-rollback`
 * execution of the rollout's state machine on the rollout's plan, which proves green drained
 * and drops it from the consumers — whether the rollback stopped the running rollout (it never
 * reaches its own drain) or found none running (a rollout that ended in a hold). Named after
 * the rolled-back revision, so a duplicate event finds it already started. Any failure here
 * leaves the rollback standing and says how to finish by hand.
 */
export async function finishRollback(ports: FinishPorts, request: FinishRequest): Promise<FinishOutcome> {
  const { stop, after } = request;
  if (request.source === 'state-machine') return { kind: 'not-needed', reason: 'state-machine' };
  if (after === null || !after.consumers.green) return { kind: 'not-needed', reason: 'nothing-to-drain' };
  if (stop.kind === 'finishing') return { kind: 'finishing', executionArn: stop.executionArn };
  if (stop.kind === 'stop-failed') return { kind: 'not-needed', reason: 'rollout-still-running' };
  if (stop.kind !== 'stopped') return finishAfterRollout(ports, request, after);
  const stateMachineArn = stateMachineOf(stop.executionArn);
  if (stateMachineArn === null) return byHand('no-state-machine', null);
  return startFinish(ports, request, stateMachineArn, stop.input, after.revision);
}
