import { z } from 'zod';
import { type Plan, validatePlan } from '../domain/plan.ts';
import { InvalidStepInputError } from './errors.ts';

/**
 * Pieces of step input shared by the use cases. Every step receives the plan as the operator
 * wrote it (the execution input) and validates it again: durations are strings there, and a
 * plan that passed preflight normalizes to the same value every time.
 */
export function planFrom(value: unknown): Plan {
  const result = validatePlan(value);
  if (!result.ok) {
    throw new InvalidStepInputError(
      result.error.message,
      result.error.issues.map((i) => `${i.path}: ${i.message}`),
    );
  }
  return result.value;
}

/** Parses a step's input or throws InvalidStepInputError listing every problem. */
export function parseStepInput<S extends z.ZodType>(schema: S, input: unknown, step: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new InvalidStepInputError(`${step}: invalid step input`, issues);
  }
  return parsed.data;
}

export const ClusterSchema = z.enum(['blue', 'green']);

export const DrainProofSchema = z.object({
  cluster: ClusterSchema,
  provenAt: z.number(),
  stableForSeconds: z.number(),
  groups: z.number(),
  partitions: z.number(),
});

/** The output of an approval task (`{ decision: 'approved', approver, decidedAt }`), or null. */
export const ApprovalSchema = z
  .object({
    decision: z.literal('approved'),
    approver: z.string().min(1).max(256),
    decidedAt: z.union([z.string(), z.number()]).optional(),
  })
  .nullable()
  .default(null);

export type Approval = z.output<typeof ApprovalSchema>;

export const ExecutionArnSchema = z.string().min(1).max(2048);
export const ActorSchema = z.string().min(1).max(256).default('kraft-canary');
