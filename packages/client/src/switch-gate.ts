import type { RoutingDocument } from './contract/routing-document.ts';
import type { Clock } from './ports.ts';
import {
  isIdle,
  type MovesTraffic,
  type ProducerSwitchEffect,
  type ProducerSwitchEvent,
  type ProducerSwitchState,
  steadyOn,
  stepProducerSwitch,
} from './producer-switch.ts';

export interface SwitchGateDeps {
  /** The document in force when the producer connected. */
  readonly doc: RoutingDocument;
  readonly moves: MovesTraffic;
  /** Connects the document's clusters; the gate waits for it to settle, failed or not. */
  prepare(doc: RoutingDocument): Promise<unknown>;
  /** The document became the route in force. */
  adopted(doc: RoutingDocument): void;
  switched(change: GateSwitch): void;
  readonly clock: Clock;
}

export interface GateSwitch {
  readonly from: RoutingDocument;
  readonly to: RoutingDocument;
  readonly awaitedInFlight: number;
  readonly releasedQueued: number;
  readonly durationMs: number;
}

/**
 * The barrier behind invariant 5, driving the pure machine of producer-switch.ts. run() hands
 * a call the document it must route by, at once in steady state, else once the switch is over;
 * accept() takes each newly accepted document. Queued calls start synchronously, in issue order,
 * before any later call can overtake them, on the newest document. Nothing is ever dropped.
 */
export class SwitchGate {
  readonly #deps: SwitchGateDeps;
  #state: ProducerSwitchState;
  readonly #waiting = new Map<number, (doc: RoutingDocument) => void>();
  #lastId = 0;
  /** Events that arrived while an earlier one was being handled (a listener may call run()). */
  readonly #backlog: ProducerSwitchEvent[] = [];
  #feeding = false;
  #closedAt = 0;
  #idleWaiters: (() => void)[] = [];

  constructor(deps: SwitchGateDeps) {
    this.#deps = deps;
    this.#state = steadyOn(deps.doc);
  }

  /** The route of the sends in flight (the old one while a switch drains). */
  get route(): RoutingDocument {
    return this.#state.inForce;
  }

  get state(): ProducerSwitchState {
    return this.#state;
  }

  run<T>(call: (doc: RoutingDocument) => Promise<T>): Promise<T> {
    this.#lastId += 1;
    const send = this.#lastId;
    // In steady state the call starts during #feed and its own promise is returned; a queued
    // call gets a promise that follows its call once the switch releases it.
    let started: Promise<T> | null = null;
    let follow: ((promise: Promise<T>) => void) | null = null;
    this.#waiting.set(send, (doc) => {
      const promise = this.#start(send, call, doc);
      if (follow) follow(promise);
      else started = promise;
    });
    this.#feed({ kind: 'send', send });
    if (started) return started;
    return new Promise<T>((resolve, reject) => {
      follow = (promise) => promise.then(resolve, reject);
    });
  }

  #start<T>(send: number, call: (doc: RoutingDocument) => Promise<T>, doc: RoutingDocument): Promise<T> {
    let promise: Promise<T>;
    try {
      promise = call(doc);
    } catch (error) {
      promise = Promise.reject(error);
    }
    // The machine learns of the outcome before the caller does.
    promise.then(
      () => this.#feed({ kind: 'acknowledged', send }),
      () => this.#feed({ kind: 'failed', send }),
    );
    return promise;
  }

  accept(doc: RoutingDocument): void {
    this.#feed({ kind: 'document', doc });
  }

  /** Resolves once nothing is in flight, queued or switching (immediately if so). */
  settled(): Promise<void> {
    if (isIdle(this.#state)) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  #feed(event: ProducerSwitchEvent): void {
    this.#backlog.push(event);
    if (this.#feeding) return;
    this.#feeding = true;
    try {
      for (let next = this.#backlog.shift(); next !== undefined; next = this.#backlog.shift()) {
        const before = this.#state.phase;
        const step = stepProducerSwitch(this.#state, next, this.#deps.moves);
        this.#state = step.state;
        if (before === 'steady' && step.state.phase !== 'steady') this.#closedAt = this.#deps.clock.now();
        for (const effect of step.effects) this.#perform(effect);
      }
    } finally {
      this.#feeding = false;
    }
    if (this.#idleWaiters.length > 0 && isIdle(this.#state)) {
      const waiters = this.#idleWaiters;
      this.#idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  #perform(effect: ProducerSwitchEffect): void {
    switch (effect.kind) {
      case 'release': {
        const start = this.#waiting.get(effect.send);
        this.#waiting.delete(effect.send);
        start?.(effect.doc);
        return;
      }
      case 'prepare': {
        const { revision } = effect.doc;
        const done = () => this.#feed({ kind: 'prepared', revision });
        new Promise((resolve) => resolve(this.#deps.prepare(effect.doc))).then(done, done);
        return;
      }
      case 'adopt':
        this.#deps.adopted(effect.doc);
        return;
      case 'switched': {
        const { from, to, awaitedInFlight, releasedQueued } = effect;
        this.#deps.switched({ from, to, awaitedInFlight, releasedQueued, durationMs: this.#deps.clock.now() - this.#closedAt });
      }
    }
  }
}
