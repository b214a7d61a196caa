import type { ConsumerConfig, ConsumerRunConfig, EachBatchPayload, EachMessagePayload } from 'kafkajs';
import type { BackoffPolicy } from './backoff.ts';
import { ClientEvents } from './client-events.ts';
import { ClusterConsumer, type ClusterStateEvent } from './cluster-consumer.ts';
import { type Cluster, consumeFrom } from './contract/bucket.ts';
import type { RoutingDocument } from './contract/routing-document.ts';
import { ClientClosedError } from './errors.ts';
import { type ClusterConnection, type KafkaClientFactory, kafkajsFactory } from './kafka-factory.ts';
import type { OperationEvent } from './operation-event.ts';
import { type Clock, type Random, systemClock, systemTimers, type Timers } from './ports.ts';
import type { RoutingView } from './routing-view.ts';

export type CanaryEachMessagePayload = EachMessagePayload & { readonly cluster: Cluster };
export type CanaryEachBatchPayload = EachBatchPayload & { readonly cluster: Cluster };

export type CanaryRunConfig = Omit<ConsumerRunConfig, 'eachMessage' | 'eachBatch'> & {
  eachMessage?: (payload: CanaryEachMessagePayload) => Promise<void>;
  eachBatch?: (payload: CanaryEachBatchPayload) => Promise<void>;
};

export interface CanaryConsumerOptions {
  readonly routing: RoutingView;
  /** The same group id on every cluster. */
  readonly groupId: string;
  readonly clusters: Readonly<Record<Cluster, ClusterConnection>>;
  /** kafkajs ConsumerConfig without groupId; retry.restartOnFailure is owned by the canary. */
  readonly consumerConfig?: Omit<ConsumerConfig, 'groupId'>;
  readonly kafkaFactory?: KafkaClientFactory;
  /** Back-off between restarts of a failing cluster's consumer. Default 1 s doubling to 60 s. */
  readonly restartBackoff?: BackoffPolicy;
  readonly clock?: Clock;
  readonly timers?: Timers;
  readonly random?: Random;
}

export interface CanaryConsumerEvents {
  operation: OperationEvent;
  cluster: ClusterStateEvent;
}

/**
 * One kafkajs consumer per cluster the routing document lists in `consumers`, all in one
 * group id, started and stopped as the document changes. Green consumers start from the
 * earliest offset when the group has none, so nothing produced before they joined is missed.
 */
export class CanaryConsumer {
  readonly events = new ClientEvents<CanaryConsumerEvents>();
  readonly #options: CanaryConsumerOptions;
  readonly #running = new Map<Cluster, ClusterConsumer>();
  #subscription: { topics: (string | RegExp)[]; fromBeginning: boolean } | null = null;
  #runConfig: ConsumerRunConfig | null = null;
  #chain: Promise<void> = Promise.resolve();
  #unsubscribe: (() => void) | null = null;
  #closed = false;

  constructor(options: CanaryConsumerOptions) {
    this.#options = options;
  }

  /** Clusters with a live consumer (running, or failing and scheduled to restart). */
  clusters(): Cluster[] {
    return [...this.#running.keys()];
  }

  /** Records the subscription; `fromBeginning` applies to blue (green always starts earliest). */
  async subscribe(subscription: { topics: (string | RegExp)[]; fromBeginning?: boolean }): Promise<void> {
    this.#subscription = { topics: [...subscription.topics], fromBeginning: subscription.fromBeginning ?? false };
  }

  /** Starts consuming; resolves once each cluster's first start attempt settled. */
  async run(config: CanaryRunConfig): Promise<void> {
    if (this.#closed) throw new ClientClosedError('canary consumer');
    if (!this.#subscription) throw new TypeError('call subscribe() before run()');
    if (this.#runConfig) throw new TypeError('run() was already called');
    this.#runConfig = config as ConsumerRunConfig;
    await this.#options.routing.start();
    this.#unsubscribe = this.#options.routing.events.on('change', ({ current }) => void this.#follow(current));
    await this.#follow(this.#options.routing.current());
  }

  /** Stops every cluster's consumer gracefully (offsets committed, group left). */
  async disconnect(): Promise<void> {
    this.#closed = true;
    this.#unsubscribe?.();
    await this.#enqueue(async () => {
      const stopping = [...this.#running.values()].map((c) => c.stop());
      this.#running.clear();
      await Promise.all(stopping);
    });
  }

  #follow(doc: RoutingDocument): Promise<void> {
    return this.#enqueue(() => this.#reconcile(consumeFrom(doc)));
  }

  #enqueue(step: () => Promise<void>): Promise<void> {
    this.#chain = this.#chain.then(step, step);
    return this.#chain;
  }

  async #reconcile(wanted: Cluster[]): Promise<void> {
    if (this.#closed) return;
    const stops = [...this.#running.values()].filter((c) => !wanted.includes(c.cluster));
    for (const consumer of stops) this.#running.delete(consumer.cluster);
    const starts = wanted.filter((cluster) => !this.#running.has(cluster)).map((cluster) => this.#create(cluster));
    for (const consumer of starts) this.#running.set(consumer.cluster, consumer);
    await Promise.all([...stops.map((c) => c.stop()), ...starts.map((c) => c.start())]);
  }

  #create(cluster: Cluster): ClusterConsumer {
    const { groupId, clusters, consumerConfig, kafkaFactory, restartBackoff } = this.#options;
    const subscription = this.#subscription as { topics: (string | RegExp)[]; fromBeginning: boolean };
    const config = { ...consumerConfig, retry: { ...consumerConfig?.retry, restartOnFailure: async () => false } };
    const fromBeginning = cluster === 'green' || subscription.fromBeginning;
    const consumer: ClusterConsumer = new ClusterConsumer({
      cluster,
      factory: kafkaFactory ?? kafkajsFactory,
      connection: clusters[cluster],
      spec: { groupId, fromBeginning, config },
      topics: subscription.topics,
      runConfig: this.#wrap(cluster, this.#runConfig as ConsumerRunConfig, () => consumer.markHealthy()),
      restart: restartBackoff ?? { baseMs: 1_000, maxMs: 60_000 },
      events: this.events,
      timers: this.#options.timers ?? systemTimers,
      random: this.#options.random ?? Math.random,
    });
    return consumer;
  }

  #wrap(cluster: Cluster, config: ConsumerRunConfig, healthy: () => void): ConsumerRunConfig {
    const clock = this.#options.clock ?? systemClock;
    const report = (operations: number, started: number, error?: unknown, timestamps?: readonly string[]) => {
      const errors = error === undefined ? 0 : 1;
      const now = clock.now();
      const endToEndDelaysMs = timestamps ? endToEndDelays(timestamps, now) : undefined;
      this.events.emit('operation', {
        role: 'consumer',
        cluster,
        operations,
        errors,
        durationMs: now - started,
        error,
        ...(endToEndDelaysMs ? { endToEndDelaysMs } : {}),
      });
    };
    const tracked = <P>(handler: ((payload: P) => Promise<void>) | undefined, timestamps: (payload: P) => readonly string[]) =>
      handler &&
      (async (payload: P) => {
        const started = clock.now();
        try {
          await handler({ ...payload, cluster });
        } catch (error) {
          report(0, started, error);
          throw error;
        }
        const stamps = timestamps(payload);
        report(stamps.length, started, undefined, stamps);
        healthy();
      });
    const { eachMessage, eachBatch } = config as CanaryRunConfig;
    return {
      ...config,
      eachMessage: tracked<EachMessagePayload>(eachMessage as (p: EachMessagePayload) => Promise<void>, (p) => [p.message.timestamp]),
      eachBatch: tracked<EachBatchPayload>(eachBatch as (p: EachBatchPayload) => Promise<void>, (p) => p.batch.messages.map((m) => m.timestamp)),
    };
  }
}

/** Delay of each record from its timestamp (producer create time, or broker append time); unparsable stamps are skipped. */
function endToEndDelays(timestamps: readonly string[], now: number): number[] {
  const delays: number[] = [];
  for (const stamp of timestamps) {
    const at = Number(stamp);
    if (Number.isFinite(at) && at > 0) delays.push(Math.max(0, now - at));
  }
  return delays;
}
