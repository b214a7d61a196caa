import type { KafkaClientFactory } from '@kraft-canary/client';
import type { Cluster } from '@kraft-canary/client/contract';

/**
 * The fleet's open Kafka clients per cluster, counted where the clients are made: a producer or
 * consumer is open from its connect() (a client still trying to connect is exactly the one that
 * would spin against a deleted cluster) until its disconnect(), until its connect failed, or
 * until it crashed without restarting itself: kafkajs has then disconnected it, and the canary
 * consumer builds a new consumer instead of calling disconnect() on that one.
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
      producer: (cluster, connection, config) => this.#counted(cluster, base.producer(cluster, connection, config)).client,
      consumer: (cluster, connection, spec) => {
        const consumer = base.consumer(cluster, connection, spec);
        const counted = this.#counted(cluster, consumer);
        if (consumer.on && consumer.events) {
          consumer.on(consumer.events.CRASH, (event) => {
            if (!event.payload.restart) counted.close();
          });
        }
        return counted.client;
      },
    };
  }

  #counted<C extends { connect(): Promise<void>; disconnect(): Promise<void> }>(cluster: Cluster, client: C): { client: C; close(): void } {
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
    return { client: Object.assign(Object.create(client) as C, { connect, disconnect }), close };
  }
}
