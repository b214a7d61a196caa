import {
  CanaryConsumer,
  CanaryProducer,
  type ClusterConnection,
  type KafkaClientFactory,
  type PushRoutingSource,
  type RoutingMode,
  RoutingWatcher,
} from '@kraft-canary/client';
import type { Cluster } from '@kraft-canary/client/contract';
import type { Clock, RoutingSource, Timers } from '../../ports/index.ts';
import { patientRoundRobin } from '../mock-group-assigner.ts';
import { type MessageLedger, messageId } from './message-ledger.ts';
import type { RouteChange, RoutingSwitch } from './rollback-propagation.ts';

export interface SimulatedServiceOptions {
  /** The instance's name (its client id and instance id). */
  readonly name: string;
  /** The service it is an instance of. */
  readonly service: string;
  readonly mode: RoutingMode;
  readonly migration: string;
  /** Messages per second this service produces. */
  readonly rate: number;
  readonly topic: string;
  readonly group: string;
  readonly source: RoutingSource;
  readonly pollIntervalMs: number;
  readonly clusters: Readonly<Record<Cluster, ClusterConnection>>;
  readonly factory: KafkaClientFactory;
  readonly ledger: MessageLedger;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly onRouteChange: (change: RouteChange) => void;
  /** The routing documents pushed over the control topic, besides the poll. */
  readonly push?: PushRoutingSource;
  readonly onRoutingSwitch?: (change: RoutingSwitch) => void;
  /** Something worth a line in the progress (a consumer failing and restarting). */
  readonly onEvent: (at: number, text: string) => void;
}

/** Sends in flight per service at most; beyond it the service falls behind its rate, as a real one would. */
const MAX_IN_FLIGHT = 64;
const TICK_MS = 50;
const KEYS_PER_SERVICE = 16;
const retryDelay = (attempt: number) => Math.min(2_000, 100 * 2 ** Math.min(attempt - 1, 5));

/**
 * Consumer settings that make group changes on the local brokers take seconds, not half a minute.
 * The mock coordinator waits session timeout − 1 s for members to rejoin after a rebalance: a
 * member that backs off longer between its join attempts arrives after the election and starts
 * another round for everyone, so the join retries stay short and many.
 */
export const REHEARSAL_CONSUMER_CONFIG = {
  sessionTimeout: 6_000,
  rebalanceTimeout: 6_000,
  heartbeatInterval: 500,
  maxWaitTimeInMs: 250,
  partitionAssigners: [patientRoundRobin],
  retry: { retries: 10, initialRetryTime: 100, maxRetryTime: 500 },
};

/**
 * One service of the fleet: a canary producer sending sequence-numbered keyed messages at a
 * steady rate, retrying a failed send with the same sequence number until it is acknowledged,
 * and a canary consumer in the fleet's shared group, recording every delivery.
 */
export class SimulatedService {
  readonly name: string;
  readonly service: string;
  readonly #o: SimulatedServiceOptions;
  readonly #watcher: RoutingWatcher;
  readonly #producer: CanaryProducer;
  readonly #consumer: CanaryConsumer;
  readonly #inFlight = new Set<Promise<void>>();
  #seq = 0;
  #startedAt = 0;
  #ticker: unknown = null;
  #producing = false;
  #giveUpAt = Number.POSITIVE_INFINITY;
  #failing = false;
  readonly #consumerStates: Partial<Record<Cluster, string>> = {};
  readonly #joined = new Set<Cluster>();

  constructor(options: SimulatedServiceOptions) {
    this.name = options.name;
    this.service = options.service;
    this.#o = options;
    const { migration, source, pollIntervalMs, clock, timers, clusters, factory } = options;
    const push = options.push ? { push: options.push } : {};
    this.#watcher = new RoutingWatcher({ migration, source, pollIntervalMs, timeoutMs: 2_000, maxBackoffMs: 5_000, clock, timers, ...push });
    this.#watcher.events.on('change', (e) => options.onRoutingSwitch?.({ service: options.name, at: clock.now(), revision: e.revision, via: e.via }));
    this.#producer = new CanaryProducer({ routing: this.#watcher, instanceId: options.name, mode: options.mode, clusters, kafkaFactory: factory, clock });
    this.#consumer = new CanaryConsumer({
      routing: this.#watcher,
      groupId: options.group,
      clusters,
      consumerConfig: REHEARSAL_CONSUMER_CONFIG,
      kafkaFactory: factory,
      restartBackoff: { baseMs: 500, maxMs: 4_000 },
      clock,
      timers,
    });
  }

  /** Producer and consumer event sources, for the metrics publisher. */
  get clients(): readonly (CanaryProducer | CanaryConsumer)[] {
    return [this.#producer, this.#consumer];
  }

  /** True once this service's consumer has disconnected from the cluster (or never joined it). */
  hasLeft(cluster: Cluster): boolean {
    const state = this.#consumerStates[cluster];
    return !this.#consumer.clusters().includes(cluster) && (state === undefined || state === 'stopped');
  }

  /** True while this service's consumer holds an assignment on the cluster (joined, not failed or stopped since). */
  hasJoined(cluster: Cluster): boolean {
    return this.#joined.has(cluster);
  }

  async start(): Promise<void> {
    this.#consumer.events.on('cluster', (event) => {
      this.#consumerStates[event.cluster] = event.state;
      // 'running' (the run loop started) may come before or after the group's first join.
      if (event.state === 'joined') this.#joined.add(event.cluster);
      if (event.state === 'failed' || event.state === 'stopped') this.#joined.delete(event.cluster);
      if (event.state !== 'failed') return;
      const type = (event.error as { type?: unknown } | undefined)?.type;
      const why =
        event.error instanceof Error
          ? `${event.error.name}${typeof type === 'string' ? ` ${type}` : ''}: ${event.error.message.slice(0, 80)}`
          : 'unknown error';
      this.#o.onEvent(this.#o.clock.now(), `${this.name}: consumer on ${event.cluster} failed (${why}); restart in ${Math.round(event.restartInMs ?? 0)} ms`);
    });
    await this.#producer.connect();
    this.#reportRoute();
    this.#producer.events.on('switch', () => this.#reportRoute());
    await this.#consumer.subscribe({ topics: [this.#o.topic], fromBeginning: true });
    await this.#consumer.run({
      eachMessage: async ({ cluster, message }) => {
        if (message.value) this.#o.ledger.delivered(cluster, message.value.toString('utf8'));
      },
    });
    this.#startedAt = this.#o.clock.now();
    this.#producing = true;
    this.#tick();
  }

  /** Stops new sends and waits for those in flight (retries included) until `deadline`. */
  async stopProducing(deadline: number): Promise<void> {
    this.#producing = false;
    this.#giveUpAt = deadline;
    if (this.#ticker !== null) this.#o.timers.clearTimeout(this.#ticker);
    while (this.#inFlight.size > 0) await Promise.race(this.#inFlight);
  }

  /** Stops consuming (offsets committed, group left), then disconnects the producer. */
  async stop(): Promise<void> {
    await this.#consumer.disconnect();
    await this.#producer.disconnect();
    this.#watcher.stop();
  }

  #reportRoute(): void {
    const clusters = this.#producer.route().clusters;
    this.#o.onRouteChange({ service: this.name, at: this.#o.clock.now(), cluster: clusters.includes('green') ? 'green' : 'blue' });
  }

  /** The first failed send of a run of failures is worth a line; the ones after it until a send succeeds are not. */
  #reportFailure(error: unknown): void {
    if (this.#failing) return;
    this.#failing = true;
    const why = error instanceof Error ? `${error.name}: ${error.message.slice(0, 100)}` : 'unknown error';
    this.#o.onEvent(this.#o.clock.now(), `${this.name}: a send failed (${why}); retrying`);
  }

  #tick(): void {
    if (!this.#producing) return;
    const due = Math.floor(((this.#o.clock.now() - this.#startedAt) * this.#o.rate) / 1000);
    while (this.#seq < due && this.#inFlight.size < MAX_IN_FLIGHT) {
      this.#seq += 1;
      const sending: Promise<void> = this.#deliver(this.#seq).finally(() => this.#inFlight.delete(sending));
      this.#inFlight.add(sending);
    }
    // Behind by more than the in-flight cap: skip ahead rather than burst when sends recover.
    if (due - this.#seq > MAX_IN_FLIGHT) this.#startedAt = this.#o.clock.now() - (this.#seq * 1000) / this.#o.rate;
    this.#ticker = this.#o.timers.setTimeout(() => this.#tick(), TICK_MS);
  }

  async #deliver(seq: number): Promise<void> {
    const id = messageId(this.name, seq);
    const message = { key: `${this.name}-k${seq % KEYS_PER_SERVICE}`, value: id };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#producer.send({ topic: this.#o.topic, messages: [message], acks: -1 });
        this.#failing = false;
        return;
      } catch (error) {
        this.#o.ledger.failed(id);
        this.#reportFailure(error);
      }
      if (this.#o.clock.now() >= this.#giveUpAt) {
        this.#o.ledger.abandoned(id);
        return;
      }
      await new Promise<void>((resolve) => this.#o.timers.setTimeout(resolve, retryDelay(attempt)));
    }
  }
}
