import type { CreateOnlyFlags } from '../ports.ts';

/** One rollout at a time per migration (invariant 7): a create-only flag holding the execution ARN. */
export const lockName = (prefix: string, migration: string): string => `${prefix}/${migration}/lock`;

export type LockOutcome = { held: true } | { held: false; holder: string };

/** Takes the lock; taking it again from the same execution (a retried step) succeeds. */
export async function acquireLock(flags: CreateOnlyFlags, prefix: string, migration: string, executionArn: string): Promise<LockOutcome> {
  const name = lockName(prefix, migration);
  if (await flags.create(name, executionArn)) return { held: true };
  const holder = await flags.get(name);
  // Released between the two calls: try once more rather than refuse a free lock.
  if (holder === null) return (await flags.create(name, executionArn)) ? { held: true } : { held: false, holder: (await flags.get(name)) ?? 'unknown' };
  return holder === executionArn ? { held: true } : { held: false, holder };
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
