import type { Cluster } from '@kraft-canary/client/contract';
import type { ControlTopicPublisher } from '../../../src/ports/index.ts';

/** The control topic in memory: records per cluster; `failing` clusters reject every publish. */
export class FakeControlTopic implements ControlTopicPublisher {
  readonly records: { cluster: Cluster; key: string; value: string }[] = [];
  readonly failing = new Set<Cluster>();
  /** A cluster whose publish never settles until release() (a hung broker). */
  readonly hanging = new Set<Cluster>();
  #hung: (() => void)[] = [];

  async publish(cluster: Cluster, migration: string, text: string): Promise<void> {
    if (this.hanging.has(cluster)) await new Promise<void>((resolve) => this.#hung.push(resolve));
    if (this.failing.has(cluster)) throw Object.assign(new Error(`${cluster} down`), { name: 'ControlPublishError' });
    this.records.push({ cluster, key: migration, value: text });
  }

  release(): void {
    for (const resolve of this.#hung.splice(0)) resolve();
  }
}
