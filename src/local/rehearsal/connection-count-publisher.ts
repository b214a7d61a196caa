import type { Cluster } from '@kraft-canary/client/contract';
import { MSK_CLIENT_CONNECTIONS, MSK_NAMESPACE } from '../../domain/metric-names.ts';
import type { Clock, Timers } from '../../ports/index.ts';
import type { LocalMetrics } from './local-metrics.ts';

/** The local clusters have no client authentication; the dimension still names what was used. */
export const LOCAL_CLIENT_AUTHENTICATION = 'none';

export interface ConnectionCountPublisherOptions {
  /** Open clients per cluster (the fleet's real connection state). */
  readonly connections: { count(cluster: Cluster): number };
  readonly clusters: Readonly<Record<Cluster, { readonly running: boolean; readonly brokerIds: readonly number[] }>>;
  /** The `Cluster Name` dimension MSK would publish for each cluster. */
  readonly clusterNames: Readonly<Record<Cluster, string>>;
  readonly metrics: Pick<LocalMetrics, 'record'>;
  readonly clock: Clock;
  readonly timers: Timers;
  /** Several samples per metric period, so that every period has points and its minimum means something. */
  readonly intervalMs: number;
}

const CLUSTERS: readonly Cluster[] = ['blue', 'green'];

/**
 * Publishes AWS/Kafka ClientConnectionCount for both local clusters the way MSK does (per
 * broker and client authentication), from the fleet's open clients, while a cluster runs: a
 * deleted cluster publishes nothing. Each open client counts once on every broker, as a
 * kafkajs client holds a connection to each broker that leads a partition it uses (the
 * fleet's topic has partitions on every broker).
 */
export class ConnectionCountPublisher {
  readonly #o: ConnectionCountPublisherOptions;
  #timer: unknown = null;
  #running = false;

  constructor(options: ConnectionCountPublisherOptions) {
    this.#o = options;
  }

  publish(at: number): void {
    const { cluster: C, broker: B, authentication: A } = MSK_CLIENT_CONNECTIONS.dimensions;
    for (const cluster of CLUSTERS) {
      const local = this.#o.clusters[cluster];
      if (!local.running) continue;
      const value = this.#o.connections.count(cluster);
      const metrics = local.brokerIds.map((id) => ({
        name: MSK_CLIENT_CONNECTIONS.name,
        value,
        dimensions: { [C]: this.#o.clusterNames[cluster], [B]: String(id), [A]: LOCAL_CLIENT_AUTHENTICATION },
      }));
      this.#o.metrics.record(MSK_NAMESPACE, metrics, at);
    }
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#tick();
  }

  stop(): void {
    this.#running = false;
    if (this.#timer !== null) this.#o.timers.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #tick(): void {
    if (!this.#running) return;
    this.publish(this.#o.clock.now());
    this.#timer = this.#o.timers.setTimeout(() => this.#tick(), this.#o.intervalMs);
  }
}
