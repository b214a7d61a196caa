/**
 * Ports: the only way the controller, the client library and the rehearsal reach the outside
 * world. Production adapters live in src/aws/, src/kafka/ and src/slack/; the rehearsal's in
 * src/local/; unit tests use aws-sdk-client-mock under the AWS adapters or plain fakes here.
 * Declared once, here. Add a port in its own headed section.
 */
import type { RoutingDocument } from './domain/routing-document.ts';

// ---------------------------------------------------------------------------------------------
// Time and randomness (injected so that nothing hard-wires Date.now, setTimeout or Math.random)

export interface Clock {
  /** Milliseconds since the epoch. */
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

// ---------------------------------------------------------------------------------------------
// Routing document storage (SSM Parameter Store in production)

/** What a client reads: the raw parameter text, or null when the parameter does not exist. */
export interface RoutingSource {
  fetch(signal?: AbortSignal): Promise<string | null>;
}

/** One stored version of the routing parameter (SSM keeps a version number per write). */
export interface StoredRouting {
  readonly version: number;
  /** Raw text as stored; parse with parseRoutingDocument. */
  readonly text: string;
}

/**
 * The controller's view of the routing parameter. SSM has no compare-and-set, so writers
 * detect races after the fact through the version history (see docs/rollback.md).
 */
export interface RoutingStore {
  /** Latest version, or null when the parameter does not exist yet. */
  read(migration: string): Promise<StoredRouting | null>;
  /** Unconditional write (PutParameter Overwrite: true); returns the new version. */
  write(migration: string, document: RoutingDocument): Promise<number>;
  /** Versions after `afterVersion`, oldest first (GetParameterHistory). */
  historySince(migration: string, afterVersion: number): Promise<StoredRouting[]>;
}

/**
 * A create-only flag (PutParameter Overwrite: false): the rollout lock and the rollback marker
 * are both built on it, because SSM offers no other atomic primitive.
 */
export interface CreateOnlyFlags {
  /** Creates the flag with a value; false when it already exists. */
  create(name: string, value: string): Promise<boolean>;
  /** The flag's value, or null when absent. */
  get(name: string): Promise<string | null>;
  /** Deletes the flag; a missing flag is not an error. */
  remove(name: string): Promise<void>;
}
