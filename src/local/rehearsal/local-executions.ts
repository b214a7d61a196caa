import type { ExecutionControl, TaskDecision } from '../../ports.ts';

/** A task failure as Step Functions reports it: the state machine's Catch matches on `name`. */
export class TaskFailure extends Error {
  constructor(error: string, cause: string) {
    super(cause);
    this.name = error;
  }
}

interface Waiter {
  resolve(output: unknown): void;
  reject(error: Error): void;
}

/**
 * Step Functions' callback pattern and StopExecution for the rehearsal: a callback Task waits
 * on its token until SendTaskSuccess or SendTaskFailure answers it; a token nobody waits on
 * any more answers 'already-decided', as AWS answers TaskTimedOut.
 */
export class LocalExecutions implements ExecutionControl {
  readonly #waiting = new Map<string, Waiter>();
  readonly #onStop: (executionArn: string, cause: string) => void;
  readonly stops: { executionArn: string; cause: string }[] = [];
  readonly #executionArn: string;
  #status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' = 'RUNNING';

  constructor(executionArn: string, onStop: (executionArn: string, cause: string) => void) {
    this.#executionArn = executionArn;
    this.#onStop = onStop;
  }

  /** Registers the waiting Task before its request goes out, so no answer can come first. */
  waitFor(taskToken: string): Promise<unknown> {
    return new Promise((resolve, reject) => this.#waiting.set(taskToken, { resolve, reject }));
  }

  /** Stops waiting (the Task ended some other way); a later answer is 'already-decided'. */
  abandon(taskToken: string): void {
    this.#waiting.delete(taskToken);
  }

  #take(taskToken: string): Waiter | undefined {
    const waiter = this.#waiting.get(taskToken);
    this.#waiting.delete(taskToken);
    return waiter;
  }

  async sendTaskSuccess(taskToken: string, output: unknown): Promise<TaskDecision> {
    const waiter = this.#take(taskToken);
    if (!waiter) return 'already-decided';
    waiter.resolve(output);
    return 'accepted';
  }

  async sendTaskFailure(taskToken: string, error: string, cause: string): Promise<TaskDecision> {
    const waiter = this.#take(taskToken);
    if (!waiter) return 'already-decided';
    waiter.reject(new TaskFailure(error, cause));
    return 'accepted';
  }

  async stopExecution(executionArn: string, cause: string): Promise<void> {
    this.stops.push({ executionArn, cause });
    for (const token of [...this.#waiting.keys()]) this.#take(token)?.reject(new TaskFailure('States.Aborted', cause));
    this.#onStop(executionArn, cause);
  }

  async startExecution(): Promise<{ executionArn: string; alreadyStarted: boolean }> {
    throw new TaskFailure('UnsupportedOperation', 'the rehearsal runs one execution, started by itself');
  }

  /** The rehearsal's one execution was started by itself; its input is not kept here. */
  async executionInput(): Promise<unknown> {
    return null;
  }

  /** The runner reports how the execution ended; until then it is RUNNING. */
  ended(status: 'SUCCEEDED' | 'FAILED'): void {
    this.#status = status;
  }

  /** The one execution of the rehearsal: RUNNING until it ends (a stop request does not end it, see stopExecution). */
  async describeExecution(executionArn: string): Promise<'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'NOT_FOUND'> {
    return executionArn === this.#executionArn ? this.#status : 'NOT_FOUND';
  }
}

/** A Lambda's code as a Task calls it: event in, result out. */
export type TaskHandler = (event: unknown) => Promise<unknown>;

/**
 * A callback Task (`.waitForTaskToken`) locally: the token is registered before the request
 * goes out, and the Task's result is what SendTaskSuccess delivers (or the error that
 * SendTaskFailure names), exactly what Step Functions hands the next state.
 */
export function callbackTask(executions: LocalExecutions, request: TaskHandler): TaskHandler {
  return async (event) => {
    const token = String((event as { taskToken?: unknown } | null)?.taskToken ?? '');
    const decided = executions.waitFor(token);
    try {
      await request(event);
    } catch (error) {
      executions.abandon(token);
      decided.catch(() => undefined);
      throw error;
    }
    return decided;
  };
}
