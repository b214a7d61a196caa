import type { Clock, Timers } from '../../ports/index.ts';
import type { MessageLedger } from './message-ledger.ts';

export interface WarmupLimits {
  /** Acknowledged-but-undelivered messages that still count as keeping up. */
  readonly maxOutstanding: number;
  /** How long the fleet must keep up before the rollout starts. */
  readonly steadyMs: number;
  readonly timeoutMs: number;
  /** Whether every consumer of the fleet holds an assignment on blue (the group has formed). */
  readonly groupFormed?: () => boolean;
}

/**
 * Waits until the fleet's consumers keep up with its producers for a while: the runbook starts
 * only from a near-zero lag baseline, and a group still forming on the local brokers would be
 * charged to the first stage's gates. "A while" means with every member joined and no new group
 * generation on blue meanwhile: a member that crashed and rejoins sets off a rebalance that
 * stalls the whole group for seconds on the local brokers. Resolves false when the fleet never
 * settled.
 */
export async function warmUp(ledger: MessageLedger, clock: Clock, timers: Timers, limits: WarmupLimits): Promise<boolean> {
  const start = clock.now();
  let steadySince: number | null = null;
  let generation = ledger.generations.blue;
  while (clock.now() - start < limits.timeoutMs) {
    const now = clock.now();
    const formed = limits.groupFormed?.() ?? true;
    const keepingUp = formed && ledger.generations.blue === generation && ledger.outstanding <= limits.maxOutstanding && ledger.deliveries().length > 0;
    generation = ledger.generations.blue;
    steadySince = keepingUp ? (steadySince ?? now) : null;
    if (steadySince !== null && now - steadySince >= limits.steadyMs) return true;
    await new Promise<void>((resolve) => timers.setTimeout(resolve, 100));
  }
  return false;
}
