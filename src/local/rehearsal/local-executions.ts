import { executionArnOf } from '../../domain/step-functions-arn.ts';
import { KraftCanaryError } from '../../errors.ts';
import type { ExecutionControl, ExecutionStatus, TaskDecision } from '../../ports/index.ts';
import type { RolloutResult } from '../run-rollout.ts';

/** A task failure as Step Functions reports it: the state machine's Catch matches on `name`. */
export class TaskFailure extends KraftCanaryError {
  override readonly name: string;
  constructor(error: string, cause: string) {
    super(cause);
    this.name = error;
  }
}

interface Waiter {
  resolve(output: unknown): void;
  reject(error: Error): void;
}

/** Runs one execution of the rollout definition locally until it ends or the signal aborts it. */
export type LocalRunner = (executionArn: string, input: Record<string, unknown>, signal: AbortSignal) => Promise<RolloutResult>;

/** One execution as the report shows it. */
export interface LocalExecutionRecord {
  readonly name: string;
  readonly executionArn: string;
  /** The input's `entry` (`rollout` when absent). */
  readonly entry: string;
  readonly status: 'RUNNING' | RolloutResult['status'];
  /** The Fail state's error, when it failed. */
  readonly error?: string;
}

interface Run {
  record: LocalExecutionRecord;
  ended: boolean;
  readonly input: Record<string, unknown>;
  readonly controller: AbortController;
  readonly done: Promise<RolloutResult>;
}

const entryOf = (input: Record<string, unknown>): string => (typeof input.entry === 'string' ? input.entry : 'rollout');

/**
 * Step Functions for the rehearsal: executions of one state machine run locally, by name;
 * StopExecution aborts one (ABORTED at once, as on AWS) and StartExecution starts another of
 * the same definition (the rollback's finish-rollback execution). Callback Tasks wait on their
 * token until SendTaskSuccess or SendTaskFailure answers; a token nobody waits on any more
 * answers 'already-decided', as AWS answers TaskTimedOut.
 */
export class LocalExecutions implements ExecutionControl {
  readonly #waiting = new Map<string, Waiter>();
  readonly #runs = new Map<string, Run>();
  readonly #stateMachineArn: string;
  readonly #onEvent: (text: string) => void;
  #runner: LocalRunner | null = null;
  readonly stops: { executionArn: string; cause: string }[] = [];

  constructor(stateMachineArn: string, onEvent: (text: string) => void = () => {}) {
    this.#stateMachineArn = stateMachineArn;
    this.#onEvent = onEvent;
  }

  /** How executions run (the rehearsal binds the definition and handlers once they exist). */
  useRunner(runner: LocalRunner): void {
    this.#runner = runner;
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

  /** Starts an execution and resolves with how it ended. */
  run(name: string, input: Record<string, unknown>): Promise<RolloutResult> {
    const executionArn = executionArnOf(this.#stateMachineArn, name);
    const existing = this.#runs.get(executionArn);
    if (existing) return existing.done;
    if (this.#runner === null) return Promise.reject(new TaskFailure('StateMachineDoesNotExist', 'no local runner is set'));
    const controller = new AbortController();
    const record: LocalExecutionRecord = { name, executionArn, entry: entryOf(input), status: 'RUNNING' };
    const done = this.#runner(executionArn, input, controller.signal).then(
      (result) => this.#ended(executionArn, result),
      (error: unknown) =>
        this.#ended(executionArn, { status: 'FAILED', error: error instanceof Error ? error.name : 'Error', cause: 'the local runner failed', states: [] }),
    );
    this.#runs.set(executionArn, { record, ended: false, input, controller, done });
    this.#onEvent(`execution ${name} started (${record.entry})`);
    return done;
  }

  #ended(executionArn: string, result: RolloutResult): RolloutResult {
    const run = this.#runs.get(executionArn);
    if (run) {
      run.ended = true;
      run.record = { ...run.record, status: result.status, ...(result.error === undefined ? {} : { error: result.error }) };
      const why = result.status === 'FAILED' ? ` (${result.error ?? 'Error'}${result.cause ? `: ${result.cause}` : ''})` : '';
      this.#onEvent(`execution ${run.record.name} (${run.record.entry}) ended: ${result.status}${why}`);
    }
    return result;
  }

  async startExecution(stateMachineArn: string, name: string, input: unknown): Promise<{ executionArn: string; alreadyStarted: boolean }> {
    if (stateMachineArn !== this.#stateMachineArn) throw new TaskFailure('StateMachineDoesNotExist', `no local state machine ${stateMachineArn}`);
    if (typeof input !== 'object' || input === null) throw new TaskFailure('InvalidExecutionInput', 'the input must be a JSON object');
    const executionArn = executionArnOf(stateMachineArn, name);
    const alreadyStarted = this.#runs.has(executionArn);
    // Not awaited: StartExecution answers once the execution has started.
    if (!alreadyStarted) void this.run(name, input as Record<string, unknown>).catch(() => undefined);
    return { executionArn, alreadyStarted };
  }

  /** Aborts a running execution (ABORTED at once, as StopExecution does); a Task in flight still finishes. */
  async stopExecution(executionArn: string, cause: string): Promise<void> {
    this.stops.push({ executionArn, cause });
    const run = this.#runs.get(executionArn);
    if (run?.record.status !== 'RUNNING') return;
    // Callback Tasks of the stopped execution stop waiting (one execution waits on tokens at a time).
    for (const token of [...this.#waiting.keys()]) this.#take(token)?.reject(new TaskFailure('States.Aborted', cause));
    run.record = { ...run.record, status: 'ABORTED' };
    this.#onEvent(`execution ${run.record.name} stopped: ${cause}`);
    run.controller.abort(cause);
  }

  async describeExecution(executionArn: string): Promise<ExecutionStatus> {
    return this.#runs.get(executionArn)?.record.status ?? 'NOT_FOUND';
  }

  async executionInput(executionArn: string): Promise<unknown> {
    return this.#runs.get(executionArn)?.input ?? null;
  }

  /** Every execution in the order they started. */
  executions(): LocalExecutionRecord[] {
    return [...this.#runs.values()].map((r) => r.record);
  }

  /** Resolves once no execution runs, including those started while waiting; true when it had to wait. */
  async settled(): Promise<boolean> {
    const waited = this.#running().length > 0;
    for (let running = this.#running(); running.length > 0; running = this.#running()) await Promise.all(running);
    return waited;
  }

  #running(): Promise<RolloutResult>[] {
    return [...this.#runs.values()].filter((r) => !r.ended).map((r) => r.done);
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
