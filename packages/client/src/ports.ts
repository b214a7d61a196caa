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
