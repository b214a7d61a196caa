import type { ConsumerRunConfig } from 'kafkajs';
import { type BackoffPolicy, backoffDelay } from './backoff.ts';
import type { ClientEvents } from './client-events.ts';
import type { Cluster } from './contract/bucket.ts';
import type { ClusterConnection, ConsumerLike, ConsumerSpec, KafkaClientFactory } from './kafka-factory.ts';
import type { OperationEvent } from './operation-event.ts';
import type { Random, Timers } from './ports.ts';

export type ClusterConsumerState = 'running' | 'joined' | 'failed' | 'stopped';

export interface ClusterStateEvent {
  readonly cluster: Cluster;
  readonly state: ClusterConsumerState;
  /** Set when state is 'failed': the error as the Kafka client raised it. */
  readonly error?: unknown;
  readonly consecutiveFailures: number;
  readonly restartInMs?: number;
  /** Set when state is 'joined' (a group generation formed): partitions assigned to this member. */
  readonly partitions?: number;
}

export interface ClusterConsumerDeps {
  readonly cluster: Cluster;
  readonly factory: KafkaClientFactory;
  readonly connection: ClusterConnection;
  readonly spec: ConsumerSpec;
  readonly topics: readonly (string | RegExp)[];
  readonly runConfig: ConsumerRunConfig;
  readonly restart: BackoffPolicy;
  readonly events: ClientEvents<{ operation: OperationEvent; cluster: ClusterStateEvent }>;
  readonly timers: Timers;
  readonly random: Random;
}

/**
 * Supervises the consumer of one cluster. A failure (connect, join, crash) is reported and the
 * consumer is rebuilt after an exponential back-off, without touching the other cluster's
 * consumer. stop() disconnects gracefully: kafkajs finishes the batch in hand, commits the
 * resolved offsets and leaves the group, so the next owner resumes after them.
 */
export class ClusterConsumer {
  readonly cluster: Cluster;
  readonly #deps: ClusterConsumerDeps;
  #consumer: ConsumerLike | null = null;
  #failures = 0;
  #timer: unknown = null;
  #stopped = false;
  #attempting: Promise<void> = Promise.resolve();

  constructor(deps: ClusterConsumerDeps) {
    this.cluster = deps.cluster;
    this.#deps = deps;
  }

  /** Resolves when the first attempt settled (running or failed and scheduled); never rejects. */
  start(): Promise<void> {
    this.#attempting = this.#attempt();
    return this.#attempting;
  }

  /** A handled message proves the consumer healthy again. */
  markHealthy(): void {
    this.#failures = 0;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== null) this.#deps.timers.clearTimeout(this.#timer);
    this.#timer = null;
    // Disconnecting at once cuts a slow connect short; the attempt then sees #stopped.
    await Promise.all([this.#consumer?.disconnect().catch(() => undefined), this.#attempting]);
    const consumer = this.#consumer;
    this.#consumer = null;
    await consumer?.disconnect().catch(() => undefined);
    this.#deps.events.emit('cluster', { cluster: this.cluster, state: 'stopped', consecutiveFailures: this.#failures });
  }

  async #attempt(): Promise<void> {
    if (this.#stopped) return;
    const { factory, connection, spec, topics, runConfig, cluster } = this.#deps;
    const consumer = factory.consumer(cluster, connection, spec);
    this.#consumer = consumer;
    if (consumer.on && consumer.events) {
      consumer.on(consumer.events.CRASH, (event) => this.#failed(consumer, event.payload.error, false));
      consumer.on(consumer.events.GROUP_JOIN, (event) => {
        if (this.#stopped || this.#consumer !== consumer) return;
        this.markHealthy();
        const partitions = Object.values(event.payload.memberAssignment).reduce((n, list) => n + list.length, 0);
        this.#deps.events.emit('cluster', { cluster, state: 'joined', partitions, consecutiveFailures: 0 });
      });
    }
    try {
      await consumer.connect();
      if (this.#stopped) return;
      await consumer.subscribe({ topics: [...topics], fromBeginning: spec.fromBeginning });
      if (this.#stopped) return;
      await consumer.run(runConfig);
    } catch (error) {
      await this.#failed(consumer, error, true);
      return;
    }
    if (this.#consumer === consumer) this.#deps.events.emit('cluster', { cluster, state: 'running', consecutiveFailures: this.#failures });
  }

  /** `disconnect` is false for a kafkajs crash: kafkajs has already disconnected that consumer. */
  async #failed(consumer: ConsumerLike, error: unknown, disconnect: boolean): Promise<void> {
    if (this.#stopped || this.#consumer !== consumer) return;
    this.#consumer = null;
    if (disconnect) await consumer.disconnect().catch(() => undefined);
    if (this.#stopped) return;
    this.#failures += 1;
    const restartInMs = backoffDelay(this.#failures, this.#deps.restart, this.#deps.random);
    const { cluster, events, timers } = this.#deps;
    events.emit('operation', { role: 'consumer', cluster, operations: 0, errors: 1, durationMs: 0, error });
    events.emit('cluster', { cluster, state: 'failed', error, consecutiveFailures: this.#failures, restartInMs });
    this.#timer = timers.setTimeout(() => {
      this.#timer = null;
      this.#attempting = this.#attempt();
    }, restartInMs);
  }
}
