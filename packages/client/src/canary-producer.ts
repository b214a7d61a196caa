import type { Message, ProducerBatch, ProducerConfig, ProducerRecord, RecordMetadata } from 'kafkajs';
import { ClientEvents } from './client-events.ts';
import type { Cluster } from './contract/bucket.ts';
import { movesTraffic, producerClusters, type RoutingMode, routeMessage } from './contract/key-route.ts';
import type { RoutingDocument } from './contract/routing-document.ts';
import { ClientClosedError, PartialSendError } from './errors.ts';
import { type ClusterConnection, type KafkaClientFactory, kafkajsFactory } from './kafka-factory.ts';
import type { OperationEvent } from './operation-event.ts';
import { type Clock, systemClock } from './ports.ts';
import { ProducerLane } from './producer-lane.ts';
import type { RoutingView } from './routing-view.ts';
import { messageCount, type SendCall, splitByCluster } from './send-split.ts';
import { type GateSwitch, SwitchGate } from './switch-gate.ts';

export interface CanaryProducerOptions {
  readonly routing: RoutingView;
  /** Stable id of this service instance: its routing unit in instance mode. */
  readonly instanceId: string;
  /** 'instance' (default): the whole instance moves at once; 'key': each message by its key. */
  readonly mode?: RoutingMode;
  readonly clusters: Readonly<Record<Cluster, ClusterConnection>>;
  /** kafkajs ProducerConfig; merged over the canary defaults (retry.retries = 0). */
  readonly producerConfig?: ProducerConfig;
  readonly kafkaFactory?: KafkaClientFactory;
  /**
   * Also connect, in the background, to the cluster the route does not use yet, so that a
   * switch does not wait for a TCP/SASL handshake. Failures there are ignored (the cluster may
   * not exist yet) and retried by the first send that needs it. Default true.
   */
  readonly prewarm?: boolean;
  readonly clock?: Clock;
}

export interface RouteSummary {
  readonly revision: number;
  readonly greenPercent: number;
  readonly clusters: readonly Cluster[];
}

export interface SwitchEvent {
  readonly from: RouteSummary;
  readonly to: RouteSummary;
  readonly durationMs: number;
  /** Sends that were in flight on the old route and were awaited. */
  readonly awaitedInFlight: number;
  /** Sends issued during the switch that waited and then went out on the new route. */
  readonly releasedQueued: number;
}

export interface CanaryProducerEvents {
  operation: OperationEvent;
  switch: SwitchEvent;
}

const CLUSTERS: readonly Cluster[] = ['blue', 'green'];

/**
 * Clusters to let go of: `complete` is final (nothing routes to blue again and blue is about to
 * be deleted), so an idle connection there, prewarmed or left from the canary, only keeps the
 * service counted as a blue client and would reconnect to a cluster that no longer exists.
 */
const leftBehind = (doc: RoutingDocument): readonly Cluster[] => (doc.phase === 'complete' ? ['blue'] : []);

/**
 * No hidden retries: a kafkajs retry after a lost acknowledgement writes the message twice.
 * Every failure reaches the caller, who decides. Callers may raise it knowingly.
 */
export const CANARY_PRODUCER_DEFAULTS: ProducerConfig = { retry: { retries: 0 }, idempotent: false };

/**
 * A kafkajs-compatible producer that routes by the routing document (DESIGN §3) and switches
 * clusters without loss (invariant 5): on a route change it stops starting sends, awaits every
 * in-flight send's acknowledgement, then releases the waiting sends on the route of the newest
 * accepted document (SwitchGate, over the state machine in producer-switch.ts).
 */
export class CanaryProducer {
  readonly events = new ClientEvents<CanaryProducerEvents>();
  readonly #options: CanaryProducerOptions;
  readonly #mode: RoutingMode;
  readonly #clock: Clock;
  #gate: SwitchGate | null = null;
  readonly #lanes = new Map<Cluster, ProducerLane>();
  readonly #leaving = new Set<Promise<void>>();
  #unsubscribe: (() => void) | null = null;
  #state: 'new' | 'connected' | 'closed' = 'new';
  /** The last document sends were routed by, and its clusters: hashing is per document, not per send. */
  #routed: { readonly doc: RoutingDocument; readonly clusters: readonly Cluster[] } | null = null;

  constructor(options: CanaryProducerOptions) {
    this.#options = options;
    this.#mode = options.mode ?? 'instance';
    this.#clock = options.clock ?? systemClock;
  }

  /** The route in force: revision, green share and the clusters this producer may send to. */
  route(): RouteSummary {
    return this.#summary(this.#gate?.route ?? this.#options.routing.current());
  }

  /** Reads the routing document (first read settles, even on failure), then connects. */
  async connect(): Promise<void> {
    if (this.#state === 'closed') throw new ClientClosedError('canary producer');
    await this.#options.routing.start();
    if (this.#state !== 'new') return;
    const doc = this.#options.routing.current();
    const gate = this.#openGate(doc);
    this.#unsubscribe = this.#options.routing.events.on('change', ({ current }) => gate.accept(current));
    this.#state = 'connected';
    const needed = producerClusters(doc, this.#mode, this.#options.instanceId);
    if (this.#options.prewarm !== false) {
      const retired = leftBehind(doc);
      const spare = CLUSTERS.filter((c) => !needed.includes(c) && !retired.includes(c));
      for (const other of spare)
        void this.#lane(other)
          .connect()
          .catch(() => undefined);
    }
    await Promise.all(needed.map((c) => this.#lane(c).connect()));
  }

  send(record: ProducerRecord): Promise<RecordMetadata[]> {
    return this.#submit({ method: 'send', payload: record });
  }

  sendBatch(batch: ProducerBatch): Promise<RecordMetadata[]> {
    return this.#submit({ method: 'sendBatch', payload: batch });
  }

  /** Lets a running switch finish, awaits every send, then disconnects both clusters. */
  async disconnect(): Promise<void> {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#unsubscribe?.();
    await this.#gate?.settled();
    await Promise.all(this.#leaving);
    await Promise.all([...this.#lanes.values()].map((lane) => lane.disconnect()));
  }

  #submit(call: SendCall): Promise<RecordMetadata[]> {
    if (this.#state !== 'connected') {
      const why = this.#state === 'new' ? 'canary producer (connect() was not called)' : 'canary producer';
      return Promise.reject(new ClientClosedError(why));
    }
    return (this.#gate as SwitchGate).run((doc) => this.#dispatch(call, doc));
  }

  #dispatch(call: SendCall, doc: RoutingDocument): Promise<RecordMetadata[]> {
    const { instanceId } = this.#options;
    if (this.#routed?.doc !== doc) this.#routed = { doc, clusters: producerClusters(doc, this.#mode, instanceId) };
    // One cluster takes everything (always so in instance mode): no per-message routing.
    const [only, other] = this.#routed.clusters;
    if (only && !other) return this.#lane(only).send(call, messageCount(call));
    const parts = splitByCluster(call, (message: Message) => routeMessage(doc, 'key', instanceId, message.key));
    const single = parts.length === 1 ? parts[0] : undefined;
    if (single) return this.#lane(single.cluster).send(call, single.messages);
    if (parts.length === 0) return this.#lane(routeMessage(doc, 'key', instanceId, null)).send(call, 0);
    return this.#sendSplit(parts);
  }

  async #sendSplit(parts: ReturnType<typeof splitByCluster>): Promise<RecordMetadata[]> {
    const settled = await Promise.allSettled(parts.map((p) => this.#lane(p.cluster).send(p.call, p.messages)));
    const failures = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
    if (failures.length === 0) return settled.flatMap((s) => (s.status === 'fulfilled' ? s.value : []));
    if (failures.length === settled.length) throw failures[0];
    const described = parts.map((p, i) => {
      const s = settled[i] as PromiseSettledResult<RecordMetadata[]>;
      return { cluster: p.cluster, topicMessages: p.topicMessages, result: s.status === 'fulfilled' ? s.value : s.reason };
    });
    const ok = described.filter((_, i) => settled[i]?.status === 'fulfilled');
    const failed = described.filter((_, i) => settled[i]?.status === 'rejected');
    throw new PartialSendError(ok, failed, { cause: failures[0] });
  }

  #openGate(doc: RoutingDocument): SwitchGate {
    const { instanceId } = this.#options;
    this.#gate = new SwitchGate({
      doc,
      moves: (from, to) => movesTraffic(from, to, this.#mode, instanceId),
      // Connection failures surface on the sends that need the cluster, not here.
      prepare: (next) =>
        Promise.all(
          producerClusters(next, this.#mode, instanceId).map((c) =>
            this.#lane(c)
              .connect()
              .catch(() => undefined),
          ),
        ),
      adopted: (next) => {
        for (const cluster of leftBehind(next)) this.#leave(cluster);
      },
      switched: (change) => this.#onSwitched(change),
      clock: this.#clock,
    });
    return this.#gate;
  }

  #onSwitched({ from, to, durationMs, awaitedInFlight, releasedQueued }: GateSwitch): void {
    this.events.emit('switch', { from: this.#summary(from), to: this.#summary(to), durationMs, awaitedInFlight, releasedQueued });
  }

  /** Disconnects a cluster no document will route to again; its sends settled at the last switch. */
  #leave(cluster: Cluster): void {
    const lane = this.#lanes.get(cluster);
    if (!lane) return;
    this.#lanes.delete(cluster);
    const leaving = lane.disconnect().catch(() => undefined);
    this.#leaving.add(leaving);
    void leaving.finally(() => this.#leaving.delete(leaving));
  }

  #summary(doc: RoutingDocument): RouteSummary {
    const clusters = producerClusters(doc, this.#mode, this.#options.instanceId);
    return { revision: doc.revision, greenPercent: doc.producers.greenPercent, clusters };
  }

  #lane(cluster: Cluster): ProducerLane {
    let lane = this.#lanes.get(cluster);
    if (!lane) {
      const { producerConfig, kafkaFactory, clusters } = this.#options;
      const config: ProducerConfig = { ...CANARY_PRODUCER_DEFAULTS, ...producerConfig, retry: { ...CANARY_PRODUCER_DEFAULTS.retry, ...producerConfig?.retry } };
      const connection = clusters[cluster];
      lane = new ProducerLane({ cluster, factory: kafkaFactory ?? kafkajsFactory, connection, config, events: this.events, clock: this.#clock });
      this.#lanes.set(cluster, lane);
    }
    return lane;
  }
}
