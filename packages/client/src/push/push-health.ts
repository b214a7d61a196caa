import type { Cluster } from '../contract/bucket.ts';

export type PushUnhealthyReason = 'not-connected' | 'silent';

export type PushHealthState = { readonly healthy: true } | { readonly healthy: false; readonly reason: PushUnhealthyReason };

/**
 * Whether the push channel can be trusted to bring a new routing document promptly: at least
 * one cluster's control topic is connected, and a publication was accepted within
 * `maxSilenceMs` (the controller re-publishes every minute, so silence means a broken path).
 */
export class PushHealth {
  readonly #maxSilenceMs: number;
  readonly #connected = new Set<Cluster>();
  #freshAt: number | null = null;

  constructor(maxSilenceMs: number) {
    this.#maxSilenceMs = maxSilenceMs;
  }

  connection(cluster: Cluster, connected: boolean): void {
    if (connected) this.#connected.add(cluster);
    else this.#connected.delete(cluster);
  }

  /** A publication was accepted (or confirmed the document in force) at `at`. */
  fresh(at: number): void {
    this.#freshAt = Math.max(this.#freshAt ?? at, at);
  }

  state(now: number): PushHealthState {
    if (this.#connected.size === 0) return { healthy: false, reason: 'not-connected' };
    if (this.#freshAt === null || now - this.#freshAt > this.#maxSilenceMs) return { healthy: false, reason: 'silent' };
    return { healthy: true };
  }

  /** When the channel turns silent unless another publication arrives; null if it already is. */
  silentAt(): number | null {
    return this.#freshAt === null ? null : this.#freshAt + this.#maxSilenceMs;
  }
}
