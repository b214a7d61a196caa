import { ExecutionAbortedError, StateMachine } from 'aws-local-stepfunctions';
import { RolloutDefinitionError } from './errors.ts';
import { loadRolloutDefinition, type RolloutDefinition } from './rollout-definition.ts';

/** One Lambda's code as the state machine calls it: the event in, the result (or a thrown error) out. */
export type StepHandler = (event: unknown) => Promise<unknown>;

/** serverless.yml function keys → the handler code bound to them. */
export interface RolloutHandlers {
  readonly preflight: StepHandler;
  readonly setRouting: StepHandler;
  readonly evaluateGates: StepHandler;
  readonly requestApproval: StepHandler;
  readonly notify: StepHandler;
  readonly confirmDrain: StepHandler;
  readonly requestMoves: StepHandler;
  readonly confirmMoves: StepHandler;
  readonly decommission: StepHandler;
  readonly releaseLock: StepHandler;
  readonly rollback: StepHandler;
  readonly checkControls: StepHandler;
}

export interface RunRolloutOptions {
  /** The execution input: `{ plan, requestedBy, acknowledgeRollback? }`. */
  readonly input: Record<string, unknown>;
  readonly handlers: RolloutHandlers;
  readonly executionArn?: string;
  /** Milliseconds each Wait state pauses instead of its Seconds/Timestamp (default 0). */
  readonly waitMs?: number;
  /** Milliseconds for particular Wait states, by state name, over `waitMs` and the definition. */
  readonly waitOverridesMs?: Readonly<Record<string, number>>;
  /** Called with every state entered, as it is entered (progress output in the rehearsal). */
  readonly onState?: (name: string, input: unknown) => void;
  readonly definition?: RolloutDefinition;
  /**
   * StopExecution for the local run: aborting ends the execution at once as ABORTED. Like on
   * AWS, a Task already running finishes on its own, and no state after it runs.
   */
  readonly signal?: AbortSignal;
}

export interface RolloutResult {
  readonly status: 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  /** The execution output, when it succeeded. */
  readonly output?: unknown;
  /** The Fail state's Error and Cause (or the interpreter's), when it failed; the abort's reason as the cause when aborted. */
  readonly error?: string;
  readonly cause?: string;
  /** Every state entered, in order. */
  readonly states: string[];
}

const DEFAULT_EXECUTION_ARN = 'arn:aws:states:us-east-1:123456789012:execution:kraft-canary-rollout:local';

/** The local stand-in for a task token: each callback Task is answered by its handler's return value. */
const LOCAL_TASK_TOKEN = 'local-task-token';

function bind(definition: RolloutDefinition, handlers: RolloutHandlers) {
  const bound: Record<string, (input: unknown) => Promise<never>> = {};
  for (const [state, task] of Object.entries(definition.tasks)) {
    const handler = handlers[task.functionKey as keyof RolloutHandlers];
    if (handler === undefined) throw new RolloutDefinitionError(`no local handler for function ${task.functionKey} (state ${state})`);
    bound[state] = async (input) => {
      // On AWS a lambda:invoke integration delivers only Payload to the function.
      const event = task.payloadWrapped ? (input as { Payload?: unknown }).Payload : input;
      return ((await handler(event)) ?? null) as never;
    };
  }
  return bound;
}

const zeroFor = (names: readonly string[], ms: number) => Object.fromEntries(names.map((n) => [n, ms]));

/** How the interpreter's result settled, as Step Functions would report the execution. */
function endedWith(error: unknown, signal: AbortSignal | undefined): Omit<RolloutResult, 'states'> {
  if (error instanceof ExecutionAbortedError) {
    const reason: unknown = signal?.reason;
    return { status: 'ABORTED', ...(typeof reason === 'string' ? { cause: reason } : {}) };
  }
  // The interpreter wraps the failing state's error (a Fail state's Error and Cause) as `cause`.
  const outer = error as { cause?: unknown };
  const failure = (outer.cause instanceof Error ? outer.cause : error) as { name?: string; message?: string };
  return { status: 'FAILED', error: failure.name ?? 'Error', cause: typeof failure.message === 'string' ? failure.message : '' };
}

/**
 * Runs statemachines/rollout.asl.yml with aws-local-stepfunctions, every Task bound to the
 * given handlers (the real use cases over local or fake ports), waits shortened, retries
 * immediate. The rehearsal and the state machine tests share it.
 */
export async function runRollout(options: RunRolloutOptions): Promise<RolloutResult> {
  if (options.signal?.aborted) return { ...endedWith(new ExecutionAbortedError(), options.signal), states: [] };
  const definition = options.definition ?? loadRolloutDefinition();
  const machine = new StateMachine(definition.definition as never);
  const executionArn = options.executionArn ?? DEFAULT_EXECUTION_ARN;
  const execution = machine.run(options.input as never, {
    overrides: {
      taskResourceLocalHandlers: bind(definition, options.handlers),
      waitTimeOverrides: { ...zeroFor(definition.waitStates, options.waitMs ?? 0), ...options.waitOverridesMs },
      retryIntervalOverrides: zeroFor(definition.taskStates, 0),
    },
    context: {
      Execution: { Id: executionArn, Name: executionArn.split(':').at(-1), Input: options.input as never, StartTime: new Date().toISOString() },
      Task: { Token: LOCAL_TASK_TOKEN },
    },
  });
  const abort = () => execution.abort();
  options.signal?.addEventListener('abort', abort, { once: true });
  const states: string[] = [];
  const logging = (async () => {
    for await (const event of execution.eventLogs) {
      if (event.type === 'StateEntered') {
        states.push(event.state.name);
        options.onState?.(event.state.name, event.state.input);
      }
    }
  })();
  try {
    const output = await execution.result;
    await logging;
    return { status: 'SUCCEEDED', output, states };
  } catch (error) {
    await logging.catch(() => undefined);
    return { ...endedWith(error, options.signal), states };
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
}
