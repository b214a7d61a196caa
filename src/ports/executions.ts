/**
 * Step Functions executions (@aws-sdk/client-sfn in src/aws/): control (task callbacks, start,
 * stop) and read-only inspection for an operator asking where a rollout is.
 */

export type TaskDecision = 'accepted' | 'already-decided';

/** DescribeExecution's status; NOT_FOUND when Step Functions knows no such execution (any more). */
export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE' | 'NOT_FOUND';

export interface ExecutionControl {
  /** A closed task (TaskTimedOut, TaskDoesNotExist) answers 'already-decided', not an error. */
  sendTaskSuccess(taskToken: string, output: unknown): Promise<TaskDecision>;
  sendTaskFailure(taskToken: string, error: string, cause: string): Promise<TaskDecision>;
  /** Stops a running execution; one already finished is not an error. */
  stopExecution(executionArn: string, cause: string): Promise<void>;
  startExecution(stateMachineArn: string, name: string, input: unknown): Promise<{ executionArn: string; alreadyStarted: boolean }>;
  /** Whether an execution still runs (an execution stopped from outside never released its lock). */
  describeExecution(executionArn: string): Promise<ExecutionStatus>;
  /**
   * The input an execution was started with, parsed from its JSON (a rollback that stopped a
   * rollout starts the finish-rollback execution on the same plan); null when Step Functions
   * knows no such execution or returns no input.
   */
  executionInput(executionArn: string): Promise<unknown>;
}

export interface ExecutionDescription {
  readonly executionArn: string;
  readonly name: string;
  /** RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED or PENDING_REDRIVE. */
  readonly status: string;
  /** Epoch ms. */
  readonly startedAt: number;
  readonly stoppedAt: number | null;
  /** The execution input as JSON text (the plan and who asked); null when not returned. */
  readonly input: string | null;
  /** The error name a failed execution ended with (its cause is not carried: it may quote raw errors). */
  readonly error: string | null;
}

/** A state entered or exited, as the execution history records it. */
export interface ExecutionStateEvent {
  readonly kind: 'entered' | 'exited';
  readonly state: string;
  /** Epoch ms. */
  readonly at: number;
  /** The state's output JSON text on exit; null on entry or when the history leaves it out. */
  readonly output: string | null;
}

export interface ExecutionInspector {
  /** null when Step Functions knows no execution with that ARN. */
  describe(executionArn: string): Promise<ExecutionDescription | null>;
  /** State entries and exits, newest first, from at most the last `maxEvents` history events. */
  recentStates(executionArn: string, maxEvents: number): Promise<ExecutionStateEvent[]>;
}
