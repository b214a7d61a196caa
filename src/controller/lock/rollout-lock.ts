import { createHash } from 'node:crypto';
import type { CreateOnlyFlags, ExecutionControl, ExecutionStatus } from '../../ports/index.ts';

/** One rollout at a time per migration (invariant 7): a create-only flag holding the execution ARN. */
export const lockName = (prefix: string, migration: string): string => `${prefix}/${migration}/lock`;

/**
 * The claim on one stale holder's lock: create-only, so of two rollouts that find the same
 * stale lock at once exactly one takes it over. Kept as the record of the takeover.
 */
export const takeoverName = (prefix: string, migration: string, holder: string): string =>
  `${prefix}/${migration}/lock-takeover/${createHash('sha256').update(holder).digest('hex').slice(0, 32)}`;

/** A lock whose holder had ended (stopped from outside, so it never ran ReleaseLock). */
export interface TakenOverLock {
  readonly holder: string;
  readonly status: ExecutionStatus;
}

export type LockOutcome = { held: true; tookOver?: TakenOverLock } | { held: false; holder: string; status?: ExecutionStatus };

/** Whether an execution in this status may still act (write routing documents, drain a cluster): a lock it holds stands. */
export const isAlive = (status: ExecutionStatus): boolean => status === 'RUNNING' || status === 'PENDING_REDRIVE';

/**
 * Takes the lock; taking it again from the same execution (a retried step) succeeds. With
 * `executions`, a lock whose holder no longer runs is taken over: claim the takeover of that
 * holder (create-only), check the lock still names it, remove it, create ours.
 */
export async function acquireLock(
  flags: CreateOnlyFlags,
  prefix: string,
  migration: string,
  executionArn: string,
  executions?: Pick<ExecutionControl, 'describeExecution'>,
): Promise<LockOutcome> {
  const name = lockName(prefix, migration);
  if (await flags.create(name, executionArn)) return { held: true };
  const holder = await flags.get(name);
  // Released between the two calls: try once more rather than refuse a free lock.
  if (holder === null) return (await flags.create(name, executionArn)) ? { held: true } : { held: false, holder: (await flags.get(name)) ?? 'unknown' };
  if (holder === executionArn) return { held: true };
  if (executions === undefined) return { held: false, holder };
  const status = await executions.describeExecution(holder);
  if (isAlive(status)) return { held: false, holder, status };
  return takeOver(flags, prefix, migration, executionArn, { holder, status });
}

async function takeOver(flags: CreateOnlyFlags, prefix: string, migration: string, executionArn: string, stale: TakenOverLock): Promise<LockOutcome> {
  const name = lockName(prefix, migration);
  const claim = JSON.stringify({ holder: stale.holder, status: stale.status, by: executionArn });
  // Lost the claim: another rollout is taking this lock over right now.
  if (!(await flags.create(takeoverName(prefix, migration, stale.holder), claim))) return { held: false, holder: stale.holder, status: stale.status };
  const current = await flags.get(name);
  if (current === stale.holder) await flags.remove(name);
  else if (current !== null) return { held: false, holder: current };
  if (await flags.create(name, executionArn)) return { held: true, tookOver: stale };
  return { held: false, holder: (await flags.get(name)) ?? 'unknown' };
}

export type ReleaseOutcome = { released: true } | { released: false; holder: string | null };

/** Releases the lock only when this execution holds it; someone else's lock is left alone. */
export async function releaseLock(flags: CreateOnlyFlags, prefix: string, migration: string, executionArn: string): Promise<ReleaseOutcome> {
  const name = lockName(prefix, migration);
  const holder = await flags.get(name);
  if (holder !== executionArn) return { released: false, holder };
  await flags.remove(name);
  return { released: true };
}
