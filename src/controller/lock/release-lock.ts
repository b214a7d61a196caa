import { MIGRATION_ID } from '@kraft-canary/client/contract';
import { z } from 'zod';
import type { ApprovalHousekeeping, Clock, CreateOnlyFlags, Logger } from '../../ports/index.ts';
import { sweepApprovals } from '../approvals/sweep-approvals.ts';
import { ExecutionArnSchema, parseStepInput } from '../step-input.ts';
import { releaseLock as release } from './rollout-lock.ts';

export interface ReleaseLockPorts {
  readonly flags: CreateOnlyFlags;
  readonly prefix: string;
  readonly logger: Logger;
  /** Spent approval records and decisions are swept after the release when given. */
  readonly approvals?: { readonly housekeeping: ApprovalHousekeeping; readonly clock: Clock };
}

/** The execution input as given: its plan may be invalid (preflight refused it), so only the id is read. */
export const ReleaseLockInputSchema = z.object({ execution: z.unknown(), executionArn: ExecutionArnSchema });

export type ReleaseLockInput = z.input<typeof ReleaseLockInputSchema>;

export type ReleaseLockOutput = { released: boolean; holder: string | null; migration: string | null };

const migrationOf = (execution: unknown): string | null => {
  const plan = typeof execution === 'object' && execution !== null ? (execution as { plan?: unknown }).plan : undefined;
  const id = typeof plan === 'object' && plan !== null ? (plan as { migration?: unknown }).migration : undefined;
  return typeof id === 'string' && MIGRATION_ID.test(id) ? id : null;
};

/**
 * Releases the rollout lock if, and only if, this execution holds it: every exit path calls it.
 * Then sweeps the migration's spent approvals (whoever holds the lock: live ones are kept).
 */
export const releaseLock =
  (ports: ReleaseLockPorts) =>
  async (raw: unknown): Promise<ReleaseLockOutput> => {
    const input = parseStepInput(ReleaseLockInputSchema, raw, 'ReleaseLock');
    const migration = migrationOf(input.execution);
    if (migration === null) return { released: false, holder: null, migration };
    const outcome = await release(ports.flags, ports.prefix, migration, input.executionArn);
    ports.logger.info(outcome.released ? 'lock released' : 'lock not held by this execution', { migration });
    if (ports.approvals) await sweepApprovals({ ...ports.approvals, logger: ports.logger })(migration, input.executionArn);
    return outcome.released ? { released: true, holder: null, migration } : { released: false, holder: outcome.holder, migration };
  };
