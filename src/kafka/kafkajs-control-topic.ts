import { type Cluster, DEFAULT_CONTROL_TOPIC } from '@kraft-canary/client/contract';
import kafkajs, { type KafkaConfig, type Producer } from 'kafkajs';
import type { ControlTopicPublisher } from '../ports/index.ts';
import { ControlPublishError } from './errors.ts';

const { Kafka, Partitioners } = kafkajs;

export interface KafkajsControlTopicOptions {
  /** Connection settings per cluster; a cluster left out fails every publish to it. */
  readonly clusters: Partial<Record<Cluster, KafkaConfig>>;
  readonly topic?: string;
  /** Bound on one publish, connection included. Default 3 s. */
  readonly timeoutMs?: number;
}

/**
 * The control topic's writer over kafkajs: one producer per cluster, kept between publishes
 * (a warm function reuses it) and dropped after any failure so that the next publish starts
 * afresh. Short timeouts and no retries: the periodic re-publish is the retry. The producer
 * never creates the topic (preflight and readiness --sync do, compacted).
 */
export class KafkajsControlTopic implements ControlTopicPublisher {
  readonly #options: KafkajsControlTopicOptions;
  readonly #producers = new Map<Cluster, Promise<Producer>>();

  constructor(options: KafkajsControlTopicOptions) {
    this.#options = options;
  }

  async publish(cluster: Cluster, migration: string, text: string): Promise<void> {
    const timeoutMs = this.#options.timeoutMs ?? 3_000;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ControlPublishError(cluster, 'timeout')), timeoutMs);
    });
    try {
      await Promise.race([this.#send(cluster, migration, text, timeoutMs), deadline]);
    } catch (error) {
      await this.#drop(cluster);
      if (error instanceof ControlPublishError) throw error;
      throw new ControlPublishError(cluster, error instanceof Error ? error.name : 'UnknownError', { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  async disconnect(): Promise<void> {
    await Promise.all([...this.#producers.keys()].map((cluster) => this.#drop(cluster)));
  }

  async #send(cluster: Cluster, migration: string, text: string, timeoutMs: number): Promise<void> {
    const producer = await this.#producer(cluster, timeoutMs);
    await producer.send({ topic: this.#options.topic ?? DEFAULT_CONTROL_TOPIC, acks: -1, timeout: timeoutMs, messages: [{ key: migration, value: text }] });
  }

  #producer(cluster: Cluster, timeoutMs: number): Promise<Producer> {
    const existing = this.#producers.get(cluster);
    if (existing) return existing;
    const connection = this.#options.clusters[cluster];
    if (!connection) return Promise.reject(new ControlPublishError(cluster, 'no connection settings'));
    const producer = new Kafka({
      ...connection,
      connectionTimeout: Math.min(connection.connectionTimeout ?? timeoutMs, timeoutMs),
      retry: { retries: 0 },
    }).producer({
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: 0 },
    });
    const connected = producer.connect().then(() => producer);
    connected.catch(() => undefined);
    this.#producers.set(cluster, connected);
    return connected;
  }

  async #drop(cluster: Cluster): Promise<void> {
    const producer = this.#producers.get(cluster);
    this.#producers.delete(cluster);
    await producer?.then((p) => p.disconnect()).catch(() => undefined);
  }
}
