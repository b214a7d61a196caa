import type { Clock, Timers } from '../../ports/index.ts';
import type { Fleet } from './fleet.ts';
import type { MessageLedger } from './message-ledger.ts';

export interface FinishLimits {
  /** Sends still retrying are given up this long after producing stops. */
  readonly retryForMs: number;
  /** Consumers are stopped once nothing was delivered for this long (the rest is then lost). */
  readonly idleForMs: number;
  /** And in any case after this long. */
  readonly atMostMs: number;
}

export const DEFAULT_FINISH: FinishLimits = { retryForMs: 15_000, idleForMs: 20_000, atMostMs: 90_000 };

const sleep = (timers: Timers, ms: number) => new Promise<void>((resolve) => timers.setTimeout(resolve, ms));

/**
 * Ends the traffic so that the accounting is exact: producers stop (their retries finish or
 * give up), consumers keep reading until every acknowledged message arrived or delivery has
 * stalled, then the fleet leaves its groups.
 */
export async function finishTraffic(fleet: Fleet, ledger: MessageLedger, clock: Clock, timers: Timers, limits = DEFAULT_FINISH): Promise<void> {
  const start = clock.now();
  await fleet.stopProducing(start + limits.retryForMs);
  let delivered = ledger.deliveries().length;
  let progressAt = clock.now();
  while (ledger.outstanding > 0) {
    const now = clock.now();
    if (ledger.deliveries().length > delivered) {
      delivered = ledger.deliveries().length;
      progressAt = now;
    }
    if (now - progressAt >= limits.idleForMs || now - start >= limits.atMostMs) break;
    await sleep(timers, 200);
  }
  await fleet.stop();
}
