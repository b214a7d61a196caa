import type { KafkaClientFactory } from '@kraft-canary/client';
import type { Cluster } from '@kraft-canary/client/contract';

/**
 * The fleet's open Kafka clients per cluster, counted where the clients are made: a producer or
 * consumer is open from its connect() (a client still trying to connect is exactly the one that
 * would spin against a deleted cluster) until its disconnect(), or until its connect failed.
 */
export class ClientConnections {
  readonly #open: Record<Cluster, number> = { blue: 0, green: 0 };

  /** Open clients of the fleet on one cluster. */
  count(cluster: Cluster): number {
    return this.#open[cluster];
  }

  /** The same factory, with every client it makes counted. */
  wrap(base: KafkaClientFactory): KafkaClientFactory {
    return {
      producer: (cluster, connection, config) => this.#counted(cluster, base.producer(cluster, connection, config)),
      consumer: (cluster, connection, spec) => this.#counted(cluster, base.consumer(cluster, connection, spec)),
    };
  }

  #counted<C extends { connect(): Promise<void>; disconnect(): Promise<void> }>(cluster: Cluster, client: C): C {
    let open = false;
    const close = () => {
      if (!open) return;
      open = false;
      this.#open[cluster] -= 1;
    };
    const connect = async () => {
      if (!open) {
        open = true;
        this.#open[cluster] += 1;
      }
      try {
        await client.connect();
      } catch (error) {
        close();
        throw error;
      }
    };
    const disconnect = async () => {
      close();
      await client.disconnect();
    };
    // The client's own object, so that everything else it offers (events, run, send) stays bound.
    return Object.assign(Object.create(client) as C, { connect, disconnect });
  }
}
