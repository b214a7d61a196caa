import type { ControlBroker, ControlCluster, ControlClusterFactory } from '@kraft-canary/client';

interface StoredRecord {
  readonly key: string;
  readonly value: string;
  readonly timestamp: number;
}

type Fetch = Parameters<ControlBroker['fetch']>[0];

/**
 * One partition of a control topic behind kafkajs's internal-cluster surface. A fetch answers
 * at once with the records from the asked offset, or waits until append() adds one (a broker's
 * long poll). `missing` makes the topic unknown; `failConnect` refuses connections; `deaf`
 * leaves every fetch unanswered.
 */
export class FakeControlCluster {
  readonly records: StoredRecord[] = [];
  missing = false;
  /** Fetches never settle, not even on disconnect (a request lost with its connection). */
  deaf = false;
  failConnect: Error | null = null;
  connects = 0;
  disconnects = 0;
  /** For each releaseIdleConnections call on the fetch broker: how many fetches preceded it. */
  readonly releases: number[] = [];
  readonly fetches: Fetch[] = [];
  #waiters: { wake: () => void; fail: (error: Error) => void }[] = [];

  append(key: string, value: string, timestamp: number): void {
    this.records.push({ key, value, timestamp });
    for (const waiter of this.#waiters.splice(0)) waiter.wake();
  }

  /** Fails every pending fetch, as a broker that closed its connections. */
  drop(error: Error): void {
    for (const waiter of this.#waiters.splice(0)) waiter.fail(error);
  }

  readonly factory: ControlClusterFactory = () => this.#cluster();

  #cluster(): ControlCluster {
    const broker: ControlBroker = {
      fetch: async (request) => {
        this.fetches.push(request);
        if (this.deaf) return new Promise<never>(() => undefined);
        const from = Number(request.topics[0]?.partitions[0]?.fetchOffset ?? 0);
        if (from >= this.records.length) await new Promise<void>((wake, fail) => this.#waiters.push({ wake, fail }));
        // Batches come back whole, from the start: the reader must drop what precedes its offset.
        const messages = this.records.map((r, i) => ({
          offset: String(i),
          key: Buffer.from(r.key),
          value: Buffer.from(r.value),
          timestamp: String(r.timestamp),
        }));
        return { responses: [{ topic: 't', partitions: [{ partition: 0, highWatermark: String(this.records.length), messages }] }] };
      },
    };
    return {
      connect: async () => {
        this.connects += 1;
        if (this.failConnect) throw this.failConnect;
      },
      disconnect: async () => {
        this.disconnects += 1;
        for (const waiter of this.#waiters.splice(0)) waiter.wake();
      },
      addTargetTopic: async () => undefined,
      refreshMetadata: async () => undefined,
      findTopicPartitionMetadata: () => (this.missing ? [] : [{ partitionId: 0, leader: 1 }]),
      fetchTopicsOffset: async (topics) =>
        topics.map((t) => ({ topic: t.topic, partitions: [{ partition: 0, offset: String(t.fromBeginning ? 0 : this.records.length) }] })),
      findBroker: async () => broker,
      releaseIdleConnections: async (fetchBroker) => {
        if (fetchBroker === broker) this.releases.push(this.fetches.length);
      },
    };
  }
}
