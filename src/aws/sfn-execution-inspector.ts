import { DescribeExecutionCommand, GetExecutionHistoryCommand, type HistoryEvent, type SFNClient } from '@aws-sdk/client-sfn';
import type { ExecutionDescription, ExecutionInspector, ExecutionStateEvent } from '../ports/index.ts';
import { errorName, translateAwsError } from './errors.ts';

/** GetExecutionHistory answers at most 1,000 events a page. */
const PAGE_LIMIT = 1000;

function stateEvent(event: HistoryEvent): ExecutionStateEvent | null {
  const at = event.timestamp?.getTime() ?? 0;
  if (event.stateEnteredEventDetails?.name !== undefined) {
    return { kind: 'entered', state: event.stateEnteredEventDetails.name, at, output: null };
  }
  if (event.stateExitedEventDetails?.name !== undefined) {
    return { kind: 'exited', state: event.stateExitedEventDetails.name, at, output: event.stateExitedEventDetails.output ?? null };
  }
  return null;
}

/** Step Functions DescribeExecution and GetExecutionHistory: where an execution is, never a change to it. */
export class SfnExecutionInspector implements ExecutionInspector {
  readonly #client: SFNClient;

  constructor(client: SFNClient) {
    this.#client = client;
  }

  async describe(executionArn: string): Promise<ExecutionDescription | null> {
    try {
      const out = await this.#client.send(new DescribeExecutionCommand({ executionArn }));
      return {
        executionArn: out.executionArn ?? executionArn,
        name: out.name ?? '',
        status: out.status ?? 'UNKNOWN',
        startedAt: out.startDate?.getTime() ?? 0,
        stoppedAt: out.stopDate?.getTime() ?? null,
        input: out.input ?? null,
        error: out.error ?? null,
      };
    } catch (error) {
      // Closed executions are kept 90 days; an ARN edited by hand into a lock is not an execution.
      if (['ExecutionDoesNotExist', 'InvalidArn'].includes(errorName(error))) return null;
      throw translateAwsError('DescribeExecution', error);
    }
  }

  async recentStates(executionArn: string, maxEvents: number): Promise<ExecutionStateEvent[]> {
    const states: ExecutionStateEvent[] = [];
    if (maxEvents <= 0) return states;
    let read = 0;
    let nextToken: string | undefined;
    do {
      const maxResults = Math.min(PAGE_LIMIT, maxEvents - read);
      const page = await this.#page(executionArn, maxResults, nextToken);
      read += page.events.length;
      states.push(...page.events.flatMap((e) => stateEvent(e) ?? []));
      nextToken = page.nextToken;
    } while (nextToken !== undefined && read < maxEvents);
    return states;
  }

  async #page(executionArn: string, maxResults: number, nextToken: string | undefined): Promise<{ events: HistoryEvent[]; nextToken?: string }> {
    try {
      const out = await this.#client.send(
        new GetExecutionHistoryCommand({ executionArn, maxResults, reverseOrder: true, includeExecutionData: true, ...(nextToken ? { nextToken } : {}) }),
      );
      return { events: out.events ?? [], ...(out.nextToken ? { nextToken: out.nextToken } : {}) };
    } catch (error) {
      throw translateAwsError('GetExecutionHistory', error);
    }
  }
}
