/**
 * The client library's ports: how it reads time, randomness and the routing document. Every
 * service injects its own (or takes the system defaults); tests inject fakes.
 */

/** Milliseconds since the epoch. */
export interface Clock {
  now(): number;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Uniform in [0, 1). */
export type Random = () => number;

export const systemClock: Clock = { now: () => Date.now() };

export const systemTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** What a client reads: the raw parameter text, or null when the parameter does not exist. */
export interface RoutingSource {
  fetch(signal?: AbortSignal): Promise<string | null>;
}

export type RoutingSourceFailureKind = 'throttled' | 'unavailable' | 'timeout' | 'access-denied' | 'other';

/** Carried by errors that RoutingSource.fetch throws (duck-typed: any error with these fields). */
export interface RoutingSourceFailure {
  readonly kind: RoutingSourceFailureKind;
  /** True when the same read may succeed later without anyone changing anything. */
  readonly retriable: boolean;
}

/** One control-topic record for this client's migration, as a push source delivers it. */
export interface PushedRouting {
  /** The record's value: the routing document text exactly as published. */
  readonly text: string;
  /** Which cluster's control topic delivered it. */
  readonly cluster: 'blue' | 'green';
  /** The record's timestamp (publish time), milliseconds since the epoch. */
  readonly publishedAt: number;
}

/** A push source's connection to one cluster changed. */
export interface PushConnectionState {
  readonly cluster: 'blue' | 'green';
  readonly connected: boolean;
  /** Why it is not connected (e.g. ControlTopicMissingError, KafkaJSConnectionError); null when connected. */
  readonly errorName: string | null;
}

export interface PushListener {
  record(pushed: PushedRouting): void;
  connection(state: PushConnectionState): void;
}

/**
 * The routing watcher's second source: routing documents pushed as they are published (the
 * Kafka control topic). start() never throws and never waits for a broker; stop() releases
 * every connection.
 */
export interface PushRoutingSource {
  start(listener: PushListener): void;
  stop(): Promise<void>;
}
