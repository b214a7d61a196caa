import { z } from 'zod';
import { ExecutionArnSchema } from '../step-input.ts';
import { EntrySchema } from './entry-point.ts';

/** The preflight's input: the rollout request as the state machine passes it, and the execution. */
export const PreflightInputSchema = z.object({
  request: z.looseObject({
    plan: z.unknown(),
    requestedBy: z.string().min(1).max(256).default('unknown'),
    acknowledgeRollback: z.boolean().default(false),
    /** Where the execution starts (docs/rollout.md, Entries). */
    entry: EntrySchema.default('rollout'),
  }),
  executionArn: ExecutionArnSchema,
});

export type PreflightInput = z.input<typeof PreflightInputSchema>;
export type PreflightRequest = z.output<typeof PreflightInputSchema>;
