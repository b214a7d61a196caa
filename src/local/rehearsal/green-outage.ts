import type { RoutingDocument } from '@kraft-canary/client/contract';
import type { FaultRecord } from './report.ts';

export interface OutageConfig {
  readonly atPercent: number;
  /** Traffic flows on the faulty stage this long before green goes down. */
  readonly leadMs: number;
  /** Green comes back this long after the rollback is seen (producers have moved by then). */
  readonly holdMs: number;
  /** Green comes back after this long even without a rollback: the report then says the alarms never fired. */
  readonly maxDownMs: number;
}

export type OutagePhase =
  | { readonly kind: 'armed' }
  | { readonly kind: 'reached'; readonly at: number }
  | { readonly kind: 'down'; readonly at: number; readonly rollbackSeenAt: number | null }
  | { readonly kind: 'restored'; readonly downAt: number; readonly upAt: number };

export type OutageAction = 'take-green-down' | 'bring-green-up' | null;

const atStage = (doc: RoutingDocument, percent: number) => (doc.phase === 'canary' || doc.phase === 'draining') && doc.producers.greenPercent === percent;

/**
 * The fault's schedule as a pure step: given what the routing says now, what to do. Green goes
 * down once the stage is reached (after a short lead), and comes back a little after the
 * rollback, or after maxDownMs when no rollback comes.
 */
export function outageStep(phase: OutagePhase, doc: RoutingDocument | null, now: number, config: OutageConfig): { phase: OutagePhase; action: OutageAction } {
  switch (phase.kind) {
    case 'armed':
      return doc && atStage(doc, config.atPercent) ? { phase: { kind: 'reached', at: now }, action: null } : { phase, action: null };
    case 'reached':
      return now - phase.at >= config.leadMs ? { phase: { kind: 'down', at: now, rollbackSeenAt: null }, action: 'take-green-down' } : { phase, action: null };
    case 'down': {
      const rollbackSeenAt = phase.rollbackSeenAt ?? (doc?.phase === 'rolled-back' ? now : null);
      const due = rollbackSeenAt === null ? phase.at + config.maxDownMs : rollbackSeenAt + config.holdMs;
      if (now >= due) return { phase: { kind: 'restored', downAt: phase.at, upAt: now }, action: 'bring-green-up' };
      return { phase: { ...phase, rollbackSeenAt }, action: null };
    }
    case 'restored':
      return { phase, action: null };
  }
}

export function faultRecord(atPercent: number, phase: OutagePhase): FaultRecord {
  const downAt = phase.kind === 'down' ? phase.at : phase.kind === 'restored' ? phase.downAt : null;
  const upAt = phase.kind === 'restored' ? phase.upAt : null;
  return { kind: 'green-outage', atPercent, downAt, upAt };
}

/** A fault the rehearsal drives from its progress ticks (GreenOutage, GreenSlowdown). */
export interface InjectedFault {
  observe(doc: RoutingDocument | null, now: number): void;
  /** Undoes the fault if it is still on (the rehearsal is ending) and waits for pending calls. */
  settle(now: number): Promise<void>;
  readonly record: FaultRecord;
}

/** What the outage acts on: the green cluster's brokers (the local mock cluster). */
export interface OutageTarget {
  readonly brokerIds: readonly number[];
  brokerDown(brokerId: number): Promise<void>;
  brokerUp(brokerId: number): Promise<void>;
}

/** Runs the schedule against the green cluster; `observe` is called on every progress tick. */
export class GreenOutage implements InjectedFault {
  #phase: OutagePhase = { kind: 'armed' };
  #busy: Promise<void> = Promise.resolve();
  readonly #config: OutageConfig;
  readonly #target: OutageTarget;
  readonly #onEvent: (at: number, text: string) => void;

  constructor(config: OutageConfig, target: OutageTarget, onEvent: (at: number, text: string) => void) {
    this.#config = config;
    this.#target = target;
    this.#onEvent = onEvent;
  }

  observe(doc: RoutingDocument | null, now: number): void {
    const step = outageStep(this.#phase, doc, now, this.#config);
    this.#phase = step.phase;
    if (step.action === 'take-green-down') this.#run(now, 'green brokers down', (id) => this.#target.brokerDown(id));
    if (step.action === 'bring-green-up') this.#run(now, 'green brokers back up', (id) => this.#target.brokerUp(id));
  }

  #run(now: number, text: string, call: (brokerId: number) => Promise<void>): void {
    this.#onEvent(now, `fault: ${text}`);
    this.#busy = this.#busy
      .then(async () => {
        for (const id of this.#target.brokerIds) await call(id);
      })
      .catch((error: unknown) => this.#onEvent(now, `fault: ${text} failed: ${error instanceof Error ? error.message : 'unknown error'}`));
  }

  /** Brings green back if it is still down (the rehearsal is ending) and waits for pending calls. */
  async settle(now: number): Promise<void> {
    if (this.#phase.kind === 'down') {
      this.#phase = { kind: 'restored', downAt: this.#phase.at, upAt: now };
      this.#run(now, 'green brokers back up (rehearsal ending)', (id) => this.#target.brokerUp(id));
    }
    await this.#busy;
  }

  get record(): FaultRecord {
    return faultRecord(this.#config.atPercent, this.#phase);
  }
}
