import {
  DescribeExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  type SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { executionArnOf } from '../domain/step-functions-arn.ts';
import type { ExecutionControl, ExecutionStatus, TaskDecision } from '../ports/index.ts';
import { AwsCallError, errorName, translateAwsError } from './errors.ts';

/** A decision on a task that no longer waits: someone decided first, or it timed out. */
const CLOSED_TASK = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

const STATUSES: readonly string[] = ['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE'];

/** Step Functions callbacks and execution control; a closed task or finished execution is an answer, not an error. */
export class SfnExecutionControl implements ExecutionControl {
  readonly #client: SFNClient;

  constructor(client: SFNClient) {
    this.#client = client;
  }

  async sendTaskSuccess(taskToken: string, output: unknown): Promise<TaskDecision> {
    return this.#decide('SendTaskSuccess', () => this.#client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output ?? {}) })));
  }

  async sendTaskFailure(taskToken: string, error: string, cause: string): Promise<TaskDecision> {
    return this.#decide('SendTaskFailure', () => this.#client.send(new SendTaskFailureCommand({ taskToken, error, cause })));
  }

  async stopExecution(executionArn: string, cause: string): Promise<void> {
    try {
      await this.#client.send(new StopExecutionCommand({ executionArn, cause }));
    } catch (error) {
      // StopExecution on a finished execution succeeds; a missing one has nothing left to stop.
      if (errorName(error) === 'ExecutionDoesNotExist') return;
      throw translateAwsError('StopExecution', error);
    }
  }

  async startExecution(stateMachineArn: string, name: string, input: unknown): Promise<{ executionArn: string; alreadyStarted: boolean }> {
    try {
      const out = await this.#client.send(new StartExecutionCommand({ stateMachineArn, name, input: JSON.stringify(input) }));
      return { executionArn: out.executionArn ?? '', alreadyStarted: false };
    } catch (error) {
      if (errorName(error) === 'ExecutionAlreadyExists') {
        return { executionArn: executionArnOf(stateMachineArn, name), alreadyStarted: true };
      }
      throw translateAwsError('StartExecution', error);
    }
  }

  async describeExecution(executionArn: string): Promise<ExecutionStatus> {
    try {
      const out = await this.#client.send(new DescribeExecutionCommand({ executionArn }));
      // A status this code does not know yet is treated as running: never take over what may run.
      return (STATUSES.includes(out.status ?? '') ? out.status : 'RUNNING') as ExecutionStatus;
    } catch (error) {
      // Gone (closed executions are kept 90 days), or not an execution ARN at all (edited by hand).
      if (['ExecutionDoesNotExist', 'InvalidArn'].includes(errorName(error))) return 'NOT_FOUND';
      throw translateAwsError('DescribeExecution', error);
    }
  }

  async executionInput(executionArn: string): Promise<unknown> {
    let text: string | undefined;
    try {
      text = (await this.#client.send(new DescribeExecutionCommand({ executionArn }))).input;
    } catch (error) {
      if (['ExecutionDoesNotExist', 'InvalidArn'].includes(errorName(error))) return null;
      throw translateAwsError('DescribeExecution', error);
    }
    if (text === undefined) return null;
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      // Step Functions accepts only JSON input, so this is no execution input at all.
      throw new AwsCallError('DescribeExecution', 'UnparseableExecutionInput', { cause: error });
    }
  }

  async #decide(operation: string, call: () => Promise<unknown>): Promise<TaskDecision> {
    try {
      await call();
      return 'accepted';
    } catch (error) {
      if (CLOSED_TASK.has(errorName(error))) return 'already-decided';
      throw translateAwsError(operation, error);
    }
  }
}
