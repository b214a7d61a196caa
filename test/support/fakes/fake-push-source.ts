import type { Cluster, PushListener, PushRoutingSource } from '@kraft-canary/client/contract';

/** A push source the test drives: publish() and connect() reach the watcher at once. */
export class FakePushSource implements PushRoutingSource {
  #listener: PushListener | null = null;
  stops = 0;

  start(listener: PushListener): void {
    this.#listener = listener;
  }

  async stop(): Promise<void> {
    this.stops += 1;
    this.#listener = null;
  }

  get started(): boolean {
    return this.#listener !== null;
  }

  connect(cluster: Cluster, connected = true, errorName: string | null = connected ? null : 'KafkaJSConnectionError'): void {
    this.#listener?.connection({ cluster, connected, errorName });
  }

  publish(text: string, publishedAt: number, cluster: Cluster = 'blue'): void {
    this.#listener?.record({ text, cluster, publishedAt });
  }
}
