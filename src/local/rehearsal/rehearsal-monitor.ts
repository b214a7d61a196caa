import type { Cluster, RoutingDocument } from '@kraft-canary/client/contract';
import type { Clock, Timers } from '../../ports/index.ts';
import type { MemoryRoutingStore } from '../memory-routing-store.ts';
import { routingDocuments } from './build-report.ts';
import type { InjectedFault } from './green-outage.ts';
import type { ClusterLag, LagSampler } from './lag-sampler.ts';
import type { AlarmWatch } from './local-alarms.ts';
import type { LocalMetrics } from './local-metrics.ts';
import type { MessageLedger } from './message-ledger.ts';
import type { ProgressView } from './progress.ts';
import type { GateRecord, Sample } from './report.ts';
import { stageLabel } from './stage-timeline.ts';

export interface MonitorOptions {
  readonly migration: string;
  readonly store: MemoryRoutingStore;
  readonly ledger: MessageLedger;
  readonly sampler: LagSampler;
  readonly metrics: LocalMetrics;
  readonly clusterNames: Readonly<Record<Cluster, string>>;
  /** The fleet's topics (MSK publishes ingress per topic). */
  readonly topics: readonly string[];
  readonly alarms: AlarmWatch;
  readonly outage: InjectedFault | null;
  readonly progress: ProgressView;
  readonly clock: Clock;
  readonly timers: Timers;
  /** Interval of heartbeats; each one takes a sample for the display and the chart. */
  readonly tickMs: number;
}

const totalLag = (lag: ClusterLag) => (lag === null ? null : lag.total);

/**
 * The rehearsal's heartbeat: follows the routing parameter (reporting each write), drives the
 * fault, evaluates the alarms, samples lag, publishes broker ingress as MSK would, and takes
 * the samples the display and the chart show.
 */
export class RehearsalMonitor {
  readonly samples: Sample[] = [];
  lastGate: GateRecord | null = null;
  readonly #o: MonitorOptions;
  #seenVersion = 0;
  #doc: RoutingDocument | null = null;
  #timer: unknown = null;
  #running: Promise<void> | null = null;
  #stopped = false;
  #previous: { at: number; acks: Record<Cluster, number>; deliveries: Record<Cluster, number> };

  constructor(options: MonitorOptions) {
    this.#o = options;
    this.#previous = { at: options.clock.now(), acks: { blue: 0, green: 0 }, deliveries: { blue: 0, green: 0 } };
  }

  start(): void {
    this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== null) this.#o.timers.clearTimeout(this.#timer);
    await this.#running;
  }

  #schedule(delay: number): void {
    if (this.#stopped) return;
    this.#timer = this.#o.timers.setTimeout(() => {
      const started = this.#o.clock.now();
      this.#running = this.tick().then(() => this.#schedule(Math.max(0, this.#o.tickMs - (this.#o.clock.now() - started))));
    }, delay);
  }

  /** One heartbeat (public so tests can drive it without timers). */
  async tick(): Promise<void> {
    const now = this.#o.clock.now();
    await this.#followRouting();
    this.#o.outage?.observe(this.#doc, now);
    this.#o.alarms.evaluate(now);
    const lag = await this.#o.sampler.sample(now);
    const rates = this.#rates(now);
    this.#publishIngress(rates.produced, now);
    const sample: Sample = {
      at: now,
      phase: this.#doc?.phase ?? 'idle',
      greenPercent: this.#doc?.producers.greenPercent ?? 0,
      ...rates,
      lag: { blue: totalLag(lag.blue), green: totalLag(lag.green) },
    };
    this.samples.push(sample);
    this.#o.progress.sample(sample, this.lastGate);
  }

  async #followRouting(): Promise<void> {
    const { store, migration, progress } = this.#o;
    const fresh = await store.historySince(migration, this.#seenVersion);
    for (const doc of routingDocuments(fresh)) {
      progress.event(Date.parse(doc.updatedAt), `routing r${doc.revision}: ${stageLabel(doc.phase, doc.producers.greenPercent)} by ${doc.updatedBy}`);
      this.#doc = doc;
    }
    this.#seenVersion = fresh.at(-1)?.version ?? this.#seenVersion;
  }

  #rates(now: number): Pick<Sample, 'produced' | 'consumed'> {
    const { ledger } = this.#o;
    const seconds = Math.max(0.001, (now - this.#previous.at) / 1000);
    const per = (a: Record<Cluster, number>, b: Record<Cluster, number>) => ({
      blue: Math.round(((a.blue - b.blue) / seconds) * 10) / 10,
      green: Math.round(((a.green - b.green) / seconds) * 10) / 10,
    });
    const rates = { produced: per(ledger.ackCount, this.#previous.acks), consumed: per(ledger.deliveryCount, this.#previous.deliveries) };
    this.#previous = { at: now, acks: { ...ledger.ackCount }, deliveries: { ...ledger.deliveryCount } };
    return rates;
  }

  /**
   * MSK's per-topic MessagesInPerSec (what the drain check reads besides the watermarks): the
   * fleet's rate, spread evenly over its topics (the services produce at one rate).
   */
  #publishIngress(produced: Record<Cluster, number>, at: number): void {
    const { topics } = this.#o;
    for (const cluster of ['blue', 'green'] as const) {
      const perTopic = Math.round((produced[cluster] / Math.max(1, topics.length)) * 10) / 10;
      const points = topics.map((topic) => ({
        name: 'MessagesInPerSec',
        value: perTopic,
        dimensions: { 'Cluster Name': this.#o.clusterNames[cluster], 'Broker ID': '1', Topic: topic },
      }));
      this.#o.metrics.record('AWS/Kafka', points, at);
    }
  }
}
