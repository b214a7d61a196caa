import type { Random } from './ports.ts';

/** A delay spread uniformly over ±fraction around `ms`, so a fleet does not poll in lock-step. */
export function jittered(ms: number, fraction: number, random: Random): number {
  return Math.round(ms * (1 - fraction + 2 * fraction * random()));
}

export interface BackoffPolicy {
  /** Delay before the first retry, before jitter. */
  readonly baseMs: number;
  readonly maxMs: number;
}

/**
 * Exponential back-off with "equal jitter": the n-th consecutive failure waits between half
 * and all of min(maxMs, baseMs × 2^(n-1)). Half is kept so that a throttled fleet really
 * slows down; the random half spreads the retries.
 */
export function backoffDelay(failures: number, policy: BackoffPolicy, random: Random): number {
  const exponent = Math.min(Math.max(failures - 1, 0), 30);
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** exponent);
  return ceiling / 2 + (random() * ceiling) / 2;
}
