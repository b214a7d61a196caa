import type { ExecutionControl, ExecutionStatus, Logger } from '../../ports/index.ts';
import { isAlive } from '../lock/rollout-lock.ts';

export type StopPorts = {
  readonly executions: Pick<ExecutionControl, 'stopExecution' | 'describeExecution' | 'executionInput'>;
  readonly logger: Logger;
};

/** The execution's input as read before stopping it; `unreadable` when DescribeExecution failed. */
export type ReadInput = { readonly kind: 'read'; readonly value: unknown } | { readonly kind: 'unreadable' };

/** What step (4) of the protocol did about the execution named by the lock (or the document). */
export type StopOutcome =
  /** The state machine asked for its own rollback, or no execution is named. */
  | { readonly kind: 'not-asked' }
  /** A finish-rollback execution holds the lock: it is draining green, so it is left alone. */
  | { readonly kind: 'finishing'; readonly executionArn: string }
  | { readonly kind: 'not-running'; readonly executionArn: string; readonly status: ExecutionStatus }
  /** StopExecution failed: the rollout runs on and meets the marker at its next routing write. */
  | { readonly kind: 'stop-failed'; readonly executionArn: string }
  | { readonly kind: 'stopped'; readonly executionArn: string; readonly input: ReadInput };

const nameOf = (error: unknown): string => (error instanceof Error ? error.name : 'unknown');

/** The execution's status; a failed DescribeExecution counts as running, so the stop is still tried. */
async function statusOf(ports: StopPorts, executionArn: string, migration: string): Promise<ExecutionStatus> {
  try {
    return await ports.executions.describeExecution(executionArn);
  } catch (error) {
    ports.logger.warn('DescribeExecution failed; stopping the rollout anyway', { migration, error: nameOf(error) });
    return 'RUNNING';
  }
}

/** The input an execution was started with; `unreadable` (logged) when DescribeExecution failed. */
export async function readExecutionInput(
  ports: { readonly executions: Pick<ExecutionControl, 'executionInput'>; readonly logger: Logger },
  executionArn: string,
  migration: string,
): Promise<ReadInput> {
  try {
    return { kind: 'read', value: await ports.executions.executionInput(executionArn) };
  } catch (error) {
    ports.logger.warn('the execution input could not be read', { migration, error: nameOf(error) });
    return { kind: 'unreadable' };
  }
}

const isFinishRollback = (input: ReadInput): boolean =>
  input.kind === 'read' && typeof input.value === 'object' && input.value !== null && (input.value as { entry?: unknown }).entry === 'finish-rollback';

/**
 * Stops the running rollout, reading its input first: the plan it ran is what the
 * finish-rollback execution needs, and an execution that is itself finishing a rollback (a
 * duplicate alarm event arriving while it drains green) must not be stopped.
 */
export async function stopRollout(
  ports: StopPorts,
  request: { readonly migration: string; readonly reason: string; readonly source: string; readonly executionArn?: string },
  target: string | null,
): Promise<StopOutcome> {
  if (target === null || request.source === 'state-machine' || target === request.executionArn) return { kind: 'not-asked' };
  const status = await statusOf(ports, target, request.migration);
  if (!isAlive(status)) return { kind: 'not-running', executionArn: target, status };
  const input = await readExecutionInput(ports, target, request.migration);
  if (isFinishRollback(input)) return { kind: 'finishing', executionArn: target };
  try {
    await ports.executions.stopExecution(target, `rolled back: ${request.reason}`.slice(0, 256));
    return { kind: 'stopped', executionArn: target, input };
  } catch (error) {
    // The marker already stops every later stage write; a running execution only meets refusals.
    ports.logger.error('StopExecution failed; the rollout will be refused at its next routing write', { migration: request.migration, error: nameOf(error) });
    return { kind: 'stop-failed', executionArn: target };
  }
}
