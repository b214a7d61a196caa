import type { ConsumerLike, ConsumerSpec, KafkaClientFactory, ProducerLike } from '@kraft-canary/client';
import type { Cluster } from '@kraft-canary/client/contract';
import type { ConsumerRunConfig, ProducerBatch, ProducerConfig, ProducerRecord, RecordMetadata } from 'kafkajs';

export interface FakeSend {
  readonly cluster: Cluster;
  readonly method: 'send' | 'sendBatch';
  readonly payload: ProducerRecord | ProducerBatch;
  resolve(metadata?: RecordMetadata[]): void;
  reject(error: unknown): void;
}

const meta = (cluster: Cluster): RecordMetadata[] => [{ topicName: cluster, partition: 0, errorCode: 0 }];

/** Producers whose sends stay pending until the test settles them (or settle at once in auto mode). */
export class FakeProducers {
  readonly sends: FakeSend[] = [];
  readonly created: { cluster: Cluster; config: ProducerConfig }[] = [];
  readonly connects: Cluster[] = [];
  readonly disconnects: Cluster[] = [];
  auto = false;
  failConnect: Partial<Record<Cluster, unknown>> = {};

  readonly factory: Pick<KafkaClientFactory, 'producer'> = {
    producer: (cluster, _connection, config) => {
      this.created.push({ cluster, config });
      return this.#producer(cluster);
    },
  };

  pending(): FakeSend[] {
    return this.sends.filter((s) => !(s as FakeSend & { settled?: boolean }).settled);
  }

  #producer(cluster: Cluster): ProducerLike {
    const send = (method: 'send' | 'sendBatch', payload: ProducerRecord | ProducerBatch) =>
      new Promise<RecordMetadata[]>((resolve, reject) => {
        const entry: FakeSend & { settled?: boolean } = {
          cluster,
          method,
          payload,
          resolve: (m) => {
            entry.settled = true;
            resolve(m ?? meta(cluster));
          },
          reject: (e) => {
            entry.settled = true;
            reject(e);
          },
        };
        this.sends.push(entry);
        if (this.auto) entry.resolve();
      });
    return {
      connect: async () => {
        this.connects.push(cluster);
        const failure = this.failConnect[cluster];
        if (failure) throw failure;
      },
      disconnect: async () => {
        this.disconnects.push(cluster);
      },
      send: (record) => send('send', record),
      sendBatch: (batch) => send('sendBatch', batch),
    };
  }
}

type Listener = (event: { payload: { error?: unknown; memberAssignment?: Record<string, number[]> } }) => void;

export interface FakeConsumer extends ConsumerLike {
  readonly cluster: Cluster;
  readonly spec: ConsumerSpec;
  readonly subscriptions: { topics: (string | RegExp)[]; fromBeginning?: boolean }[];
  runConfig: ConsumerRunConfig | null;
  disconnected: boolean;
  crash(error: unknown): void;
  join(assignment: Record<string, number[]>): void;
}

/** Consumers that record what they were asked; `failConnect` makes a cluster's connect reject. */
export class FakeConsumers {
  readonly created: FakeConsumer[] = [];
  failConnect: Partial<Record<Cluster, unknown>> = {};

  readonly factory: Pick<KafkaClientFactory, 'consumer'> = {
    consumer: (cluster, _connection, spec) => {
      const consumer = this.#consumer(cluster, spec);
      this.created.push(consumer);
      return consumer;
    },
  };

  live(cluster: Cluster): FakeConsumer[] {
    return this.created.filter((c) => c.cluster === cluster && c.runConfig !== null && !c.disconnected);
  }

  #consumer(cluster: Cluster, spec: ConsumerSpec): FakeConsumer {
    const listeners = new Map<string, Listener[]>();
    const consumer: FakeConsumer = {
      cluster,
      spec,
      subscriptions: [],
      runConfig: null,
      disconnected: false,
      events: { CRASH: 'consumer.crash', GROUP_JOIN: 'consumer.group_join' } as ConsumerLike['events'] & object,
      on: ((name: string, listener: Listener) => {
        listeners.set(name, [...(listeners.get(name) ?? []), listener]);
        return () => undefined;
      }) as unknown as ConsumerLike['on'],
      connect: async () => {
        const failure = this.failConnect[cluster];
        if (failure) throw failure;
      },
      subscribe: async (subscription) => {
        consumer.subscriptions.push(subscription as { topics: (string | RegExp)[]; fromBeginning?: boolean });
      },
      run: async (config) => {
        consumer.runConfig = config ?? {};
      },
      disconnect: async () => {
        consumer.disconnected = true;
      },
      join: (memberAssignment) => {
        for (const listener of listeners.get('consumer.group_join') ?? []) listener({ payload: { memberAssignment } });
      },
      crash: (error) => {
        consumer.disconnected = true;
        for (const listener of listeners.get('consumer.crash') ?? []) listener({ payload: { error } });
      },
    };
    return consumer;
  }
}

/** A factory that fails loudly if the code under test asks for the other kind of client. */
export function fakeFactory(parts: Partial<KafkaClientFactory>): KafkaClientFactory {
  return {
    producer:
      parts.producer ??
      (() => {
        throw new Error('unexpected producer');
      }),
    consumer:
      parts.consumer ??
      (() => {
        throw new Error('unexpected consumer');
      }),
  };
}
