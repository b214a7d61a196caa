import { type FieldIssue, GREEN_PERCENT_MESSAGE, isValidGreenPercent, MIGRATION_ID, MIGRATION_ID_MESSAGE } from '@kraft-canary/client/contract';
import { z } from 'zod';

/** zod fields for the contract's rules, so that plans and requests check them exactly as clients do. */
export const MigrationIdSchema = z.string().regex(MIGRATION_ID, MIGRATION_ID_MESSAGE);

export const GreenPercentSchema = z.number().refine(isValidGreenPercent, GREEN_PERCENT_MESSAGE);

/** zod's issues as the project's `path: message` field issues. */
export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key].join('.'), message: 'unknown field' }));
    }
    return [{ path: path.join('.') || '(root)', message: issue.message }];
  });
}
