import { type ClusterConnection, type EmfMetrics, emitEmfMetrics, KafkaPushSource, kafkajsFactory } from '@kraft-canary/client';
import type { Cluster } from '@kraft-canary/client/contract';
import kafkajs from 'kafkajs';
import type { Clock, RoutingSource, Timers } from '../../ports/index.ts';
import { ClientConnections } from './client-connections.ts';
import { ConnectionCountPublisher, type ConnectionCountPublisherOptions } from './connection-count-publisher.ts';
import type { ServiceLayout } from './fleet-layout.ts';
import { type LocalMetrics, recordEmfLine } from './local-metrics.ts';
import type { MessageLedger } from './message-ledger.ts';
import type { RouteChange, RoutingSwitch } from './rollback-propagation.ts';
import { SimulatedService } from './simulated-service.ts';
import { trackingFactory } from './tracking-factory.ts';

// kafkajs is CommonJS: Node's ESM loader cannot see its named exports.
const { logLevel } = kafkajs;

export interface FleetOptions {
  readonly layout: readonly ServiceLayout[];
  /** Messages per second each instance produces. */
  readonly rate: number;
  readonly migration: string;
  readonly source: RoutingSource;
  readonly pollIntervalMs: number;
  readonly bootstrap: Readonly<Record<Cluster, readonly string[]>>;
  readonly ledger: MessageLedger;
  readonly metrics: LocalMetrics;
  /** How often the clients' counters are published (the metric period, scaled). */
  readonly metricsFlushMs: number;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly onEvent: (at: number, text: string) => void;
  /** Publish MSK's ClientConnectionCount for these clusters from the fleet's open clients. */
  readonly connectionCounts?: Pick<ConnectionCountPublisherOptions, 'clusters' | 'clusterNames'>;
  /** Each service also reads the control topic (push); its Fetch wait, since the local brokers never answer early. */
  readonly push?: { readonly fetchMaxWaitMs: number };
}

/**
 * Local brokers answer at once or refuse: requests fail fast so that retries stay the service's
 * decision. Connecting gets 3 s: a fleet of dozens of instances opening its connections at once
 * on two cores takes longer than kafkajs's 1 s default.
 */
const connection = (brokers: readonly string[], clientId: string): ClusterConnection => ({
  clientId,
  brokers: [...brokers],
  logLevel: logLevel.NOTHING,
  connectionTimeout: 3_000,
  requestTimeout: 5_000,
  retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1_000 },
});

const pushSource = (options: FleetOptions, name: string, fetchMaxWaitMs: number) =>
  new KafkaPushSource({
    migration: options.migration,
    clusters: { blue: connection(options.bootstrap.blue, `${name}-push`), green: connection(options.bootstrap.green, `${name}-push`) },
    fetchMaxWaitMs,
    retry: { baseMs: 200, maxMs: 2_000 },
    timers: options.timers,
  });

/** The simulated services' instances, their shared ledger and their metrics. */
export class Fleet {
  readonly services: SimulatedService[];
  readonly routeChanges: RouteChange[] = [];
  readonly routingSwitches: RoutingSwitch[] = [];
  /** Open Kafka clients of the fleet per cluster. */
  readonly connections = new ClientConnections();
  readonly #metrics: EmfMetrics;
  readonly #connectionCounts: ConnectionCountPublisher | null;
  readonly #options: FleetOptions;
  #stopping: Promise<void> | null = null;

  constructor(options: FleetOptions) {
    this.#options = options;
    const factory = this.connections.wrap(trackingFactory(kafkajsFactory, options.ledger));
    this.services = options.layout.flatMap((service) =>
      service.instances.map(
        (name) =>
          new SimulatedService({
            name,
            service: service.name,
            mode: service.mode,
            migration: options.migration,
            rate: options.rate,
            topic: service.topic,
            group: service.group,
            source: options.source,
            pollIntervalMs: options.pollIntervalMs,
            clusters: { blue: connection(options.bootstrap.blue, name), green: connection(options.bootstrap.green, name) },
            factory,
            ledger: options.ledger,
            clock: options.clock,
            timers: options.timers,
            onRouteChange: (change) => this.routeChanges.push(change),
            onRoutingSwitch: (change) => this.routingSwitches.push(change),
            ...(options.push ? { push: pushSource(options, name, options.push.fetchMaxWaitMs) } : {}),
            onEvent: options.onEvent,
          }),
      ),
    );
    this.#metrics = emitEmfMetrics(
      this.services.flatMap((s) => s.clients),
      {
        migration: options.migration,
        flushIntervalMs: options.metricsFlushMs,
        write: (line) => recordEmfLine(options.metrics, line),
        clock: options.clock,
        timers: options.timers,
      },
    );
    const counts = options.connectionCounts;
    this.#connectionCounts = counts
      ? new ConnectionCountPublisher({
          ...counts,
          connections: this.connections,
          metrics: options.metrics,
          clock: options.clock,
          timers: options.timers,
          intervalMs: Math.max(25, Math.floor(options.metricsFlushMs / 4)),
        })
      : null;
  }

  /** Instance names. */
  get names(): string[] {
    return this.services.map((s) => s.name);
  }

  /** Services with an instance whose consumer holds no assignment on the cluster. */
  notJoined(cluster: Cluster): string[] {
    return [...new Set(this.services.filter((s) => !s.hasJoined(cluster)).map((s) => s.service))];
  }

  async start(): Promise<void> {
    this.#connectionCounts?.start();
    await Promise.all(this.services.map((s) => s.start()));
  }

  /** True while every service's consumer holds an assignment on the cluster. */
  groupFormed(cluster: Cluster): boolean {
    return this.services.every((s) => s.hasJoined(cluster));
  }

  /**
   * Resolves once every consumer of the fleet has left the cluster, or after `timeoutMs`
   * (false then). Stopping a cluster under a connected kafkajs consumer can spin its fetch
   * loop without yielding (kafkajs issue 1384), so the rehearsal only stops a cluster its
   * clients have left, as an operator would.
   */
  async waitUntilLeft(cluster: Cluster, timeoutMs: number): Promise<boolean> {
    const { clock, timers } = this.#options;
    const until = clock.now() + timeoutMs;
    while (!this.services.every((s) => s.hasLeft(cluster))) {
      if (clock.now() >= until) return false;
      await new Promise<void>((resolve) => timers.setTimeout(resolve, 100));
    }
    return true;
  }

  async stopProducing(deadline: number): Promise<void> {
    await Promise.all(this.services.map((s) => s.stopProducing(deadline)));
  }

  /** Idempotent: the rehearsal stops the fleet on every path before it stops the clusters. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      await Promise.all(this.services.map((s) => s.stop()));
      this.#metrics.stop();
      this.#connectionCounts?.stop();
    })();
    return this.#stopping;
  }
}
