import type { RoutingDocument } from '@kraft-canary/client/contract';
import { type InjectedFault, type OutageConfig, type OutagePhase, outageStep } from './green-outage.ts';
import type { FaultRecord } from './report.ts';

/** Smallest delay added: green's sends are then at least 2 ms slower than blue's, above the analysis' 1 ms floor. */
const MIN_RTT_MS = 2;

/** What the slow-down acts on: the green cluster's brokers (the local mock cluster). */
export interface SlowTarget {
  readonly brokerIds: readonly number[];
  brokerRtt(brokerId: number, rttMs: number): Promise<void>;
}

export interface SlowConfig extends OutageConfig {
  /** Green's produce latency becomes about this multiple of blue's mean (at least 2 ms more). */
  readonly factor: number;
}

/**
 * Green's brokers answer late from a stage on (librdkafka's mock broker round-trip time), on the
 * same schedule as the outage (outageStep): a short lead after the stage is reached, then slow
 * until a little after the rollback. The delay added is (factor − 1) × blue's mean produce
 * latency measured then, and at least 2 ms (local sends take about a millisecond, timed in whole
 * milliseconds); sends still succeed and consumers keep up, so only the relative analysis sees it.
 */
export class GreenSlowdown implements InjectedFault {
  #phase: OutagePhase = { kind: 'armed' };
  #busy: Promise<void> = Promise.resolve();
  #rttMs = 0;
  readonly #config: SlowConfig;
  readonly #target: SlowTarget;
  readonly #blueMeanMs: () => number | null;
  readonly #onEvent: (at: number, text: string) => void;

  constructor(config: SlowConfig, target: SlowTarget, blueMeanMs: () => number | null, onEvent: (at: number, text: string) => void) {
    this.#config = config;
    this.#target = target;
    this.#blueMeanMs = blueMeanMs;
    this.#onEvent = onEvent;
  }

  observe(doc: RoutingDocument | null, now: number): void {
    const step = outageStep(this.#phase, doc, now, this.#config);
    this.#phase = step.phase;
    if (step.action === 'take-green-down') {
      const mean = this.#blueMeanMs() ?? 1;
      this.#rttMs = Math.max(MIN_RTT_MS, Math.round((this.#config.factor - 1) * mean));
      this.#run(
        now,
        `green brokers answer ${this.#rttMs} ms late (blue's mean produce latency ${mean.toFixed(2)} ms, factor ${this.#config.factor})`,
        this.#rttMs,
      );
    }
    if (step.action === 'bring-green-up') this.#run(now, 'green brokers answer on time again', 0);
  }

  #run(now: number, text: string, rttMs: number): void {
    this.#onEvent(now, `fault: ${text}`);
    this.#busy = this.#busy
      .then(async () => {
        for (const id of this.#target.brokerIds) await this.#target.brokerRtt(id, rttMs);
      })
      .catch((error: unknown) => this.#onEvent(now, `fault: ${text} failed: ${error instanceof Error ? error.message : 'unknown error'}`));
  }

  /** Restores green's response times if still slowed (the rehearsal is ending) and waits for pending calls. */
  async settle(now: number): Promise<void> {
    if (this.#phase.kind === 'down') {
      this.#phase = { kind: 'restored', downAt: this.#phase.at, upAt: now };
      this.#run(now, 'green brokers answer on time again (rehearsal ending)', 0);
    }
    await this.#busy;
  }

  get record(): FaultRecord {
    const from = this.#phase.kind === 'down' ? this.#phase.at : this.#phase.kind === 'restored' ? this.#phase.downAt : null;
    const until = this.#phase.kind === 'restored' ? this.#phase.upAt : null;
    return { kind: 'green-slow', atPercent: this.#config.atPercent, downAt: from, upAt: until, rttMs: this.#rttMs };
  }
}
