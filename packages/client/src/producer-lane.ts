import type { ProducerConfig, RecordMetadata } from 'kafkajs';
import type { ClientEvents } from './client-events.ts';
import type { Cluster } from './contract/bucket.ts';
import type { ClusterConnection, KafkaClientFactory, ProducerLike } from './kafka-factory.ts';
import type { OperationEvent } from './operation-event.ts';
import type { Clock } from './ports.ts';
import { type SendCall, topicsOf } from './send-split.ts';

interface Waiting {
  readonly call: SendCall;
  readonly messages: number;
  resolve(metadata: RecordMetadata[]): void;
  reject(error: unknown): void;
}

export interface ProducerLaneDeps {
  readonly cluster: Cluster;
  readonly factory: KafkaClientFactory;
  readonly connection: ClusterConnection;
  readonly config: ProducerConfig;
  readonly events: ClientEvents<{ operation: OperationEvent }>;
  readonly clock: Clock;
}

/**
 * One cluster's producer. Connects once (concurrent callers share the attempt; a failed
 * attempt is retried by the next call) and reports every send's outcome. Errors are rethrown
 * as the Kafka client raised them; nothing here retries.
 *
 * The first send of a topic on a fresh connection goes alone ("pilot") and later sends wait
 * behind it in order: concurrent first sends would each load metadata and open broker
 * connections, and kafkajs can then write them out of order. Once the topic is warm, sends go
 * straight through.
 */
export class ProducerLane {
  readonly cluster: Cluster;
  readonly #deps: ProducerLaneDeps;
  #producer: ProducerLike | null = null;
  #connecting: Promise<void> | null = null;
  #ready = false;
  readonly #warmTopics = new Set<string>();
  readonly #waiting: Waiting[] = [];
  #pilot = false;

  constructor(deps: ProducerLaneDeps) {
    this.cluster = deps.cluster;
    this.#deps = deps;
  }

  connect(): Promise<void> {
    if (this.#ready) return Promise.resolve();
    this.#connecting ??= this.#connectOnce();
    return this.#connecting;
  }

  send(call: SendCall, messages: number): Promise<RecordMetadata[]> {
    if (this.#waiting.length === 0 && !this.#pilot && this.#isWarm(call)) return this.#direct(call, messages);
    return new Promise((resolve, reject) => {
      this.#waiting.push({ call, messages, resolve, reject });
      this.#pump();
    });
  }

  #isWarm(call: SendCall): boolean {
    if (call.method === 'send') return this.#warmTopics.has(call.payload.topic);
    return topicsOf(call).every((topic) => this.#warmTopics.has(topic));
  }

  /** Starts waiting sends in order: warm ones at once, the first cold one as the pilot. */
  #pump(): void {
    while (!this.#pilot) {
      const head = this.#waiting.shift();
      if (!head) return;
      const sent = this.#direct(head.call, head.messages);
      sent.then(head.resolve, head.reject);
      if (this.#isWarm(head.call)) continue;
      this.#pilot = true;
      const landed = () => {
        for (const topic of topicsOf(head.call)) this.#warmTopics.add(topic);
      };
      sent
        .then(landed, () => undefined)
        .finally(() => {
          this.#pilot = false;
          this.#pump();
        });
    }
  }

  #direct(call: SendCall, messages: number): Promise<RecordMetadata[]> {
    if (!this.#ready) {
      return this.connect().then(
        () => this.#send(call, messages),
        (error: unknown) => {
          this.#report(messages, 0, error);
          throw error;
        },
      );
    }
    return this.#send(call, messages);
  }

  async disconnect(): Promise<void> {
    const connecting = this.#connecting;
    this.#connecting = null;
    await connecting?.catch(() => undefined);
    const producer = this.#producer;
    this.#producer = null;
    this.#ready = false;
    this.#warmTopics.clear();
    await producer?.disconnect();
  }

  async #connectOnce(): Promise<void> {
    const { cluster, factory, connection, config } = this.#deps;
    this.#producer ??= factory.producer(cluster, connection, config);
    try {
      await this.#producer.connect();
      this.#ready = true;
    } catch (error) {
      this.#connecting = null;
      throw error;
    }
  }

  #send(call: SendCall, messages: number): Promise<RecordMetadata[]> {
    const producer = this.#producer as ProducerLike;
    const started = this.#deps.clock.now();
    const sent = call.method === 'send' ? producer.send(call.payload) : producer.sendBatch(call.payload);
    return sent.then(
      (metadata) => {
        this.#report(messages, started, undefined);
        return metadata;
      },
      (error: unknown) => {
        this.#report(messages, started, error);
        throw error;
      },
    );
  }

  #report(messages: number, started: number, error: unknown): void {
    const { events, clock, cluster } = this.#deps;
    if (events.listenerCount('operation') === 0) return;
    const failed = error !== undefined;
    const durationMs = clock.now() - started;
    events.emit('operation', { role: 'producer', cluster, operations: messages, errors: failed ? Math.max(messages, 1) : 0, durationMs, error });
  }
}
