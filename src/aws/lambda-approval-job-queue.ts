import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { z } from 'zod';
import type { ApprovalJob, ApprovalJobQueue } from '../ports/index.ts';
import { translateAwsError } from './errors.ts';

/** Marks an event as an approval job, so the handler never mistakes it for an HTTP request. */
export const APPROVAL_JOB_EVENT = 'kraft-canary.approval-job';

export interface ApprovalJobEvent {
  readonly type: typeof APPROVAL_JOB_EVENT;
  readonly job: unknown;
}

const ApprovalJobSchema = z.object({
  migration: z.string().min(1),
  approvalId: z.string().min(1),
  decision: z.object({
    action: z.enum(['approve', 'reject', 'roll-back']),
    by: z.string().min(1),
    byName: z.string().optional(),
    at: z.number(),
    via: z.enum(['slack', 'cli']),
    reason: z.string().optional(),
  }),
  responseUrl: z.string().min(1),
  original: z.object({ text: z.string().optional(), blocks: z.array(z.unknown()).optional() }),
});

/** An API Gateway event always has requestContext and never a top-level `type`. */
export const isApprovalJobEvent = (event: unknown): event is ApprovalJobEvent =>
  typeof event === 'object' && event !== null && (event as { type?: unknown }).type === APPROVAL_JOB_EVENT && !('requestContext' in event);

/** The job inside an event, or null when it does not have the shape `enqueue` writes. */
export function readApprovalJob(event: ApprovalJobEvent): ApprovalJob | null {
  const parsed = ApprovalJobSchema.safeParse(event.job);
  return parsed.success ? parsed.data : null;
}

/**
 * Hands a job to an asynchronous invocation of a Lambda function (the slack-interactions
 * function itself), so that the HTTP request is acknowledged inside Slack's three seconds
 * while the decision, and possibly a rollback, take as long as they need.
 */
export class LambdaApprovalJobQueue implements ApprovalJobQueue {
  readonly #client: LambdaClient;
  readonly #functionName: string;

  constructor(client: LambdaClient, functionName: string) {
    this.#client = client;
    this.#functionName = functionName;
  }

  async enqueue(job: ApprovalJob): Promise<void> {
    const event: ApprovalJobEvent = { type: APPROVAL_JOB_EVENT, job };
    try {
      await this.#client.send(
        new InvokeCommand({ FunctionName: this.#functionName, InvocationType: 'Event', Payload: new TextEncoder().encode(JSON.stringify(event)) }),
      );
    } catch (error) {
      throw translateAwsError('Invoke', error);
    }
  }
}
