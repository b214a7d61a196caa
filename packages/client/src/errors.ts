/** Errors of the client library. kafkajs errors reach callers unchanged; these are the client's own. */
import type { RoutingSourceFailureKind } from './ports.ts';

/** A routing document read took longer than the watcher's per-call timeout. */
export class RoutingReadTimeoutError extends Error {
  override readonly name = 'RoutingReadTimeoutError';
  readonly kind = 'timeout';
  readonly retriable = true;
  constructor(timeoutMs: number, options?: { cause?: unknown }) {
    super(`reading the routing document took longer than ${timeoutMs} ms`, options);
  }
}

/** A send or consumer call on a client after disconnect() began. */
export class ClientClosedError extends Error {
  override readonly name = 'ClientClosedError';
  constructor(what: string, options?: { cause?: unknown }) {
    super(`${what} is disconnected`, options);
  }
}

/**
 * A key-mode send whose messages went to both clusters and failed on at least one. `cause` is
 * the first kafkajs error exactly as kafkajs raised it; `acknowledged` lists what the other
 * cluster did store, so a retry can resend only `failed` and not duplicate the rest.
 */
export class PartialSendError extends Error {
  override readonly name = 'PartialSendError';
  readonly retriable: boolean;
  readonly acknowledged: readonly PartialSendPart[];
  readonly failed: readonly PartialSendPart[];
  constructor(acknowledged: PartialSendPart[], failed: PartialSendPart[], options: { cause: unknown }) {
    const clusters = failed.map((f) => f.cluster).join(', ');
    super(`send failed on ${clusters} and succeeded on the other cluster; only the failed messages may be retried`, options);
    this.acknowledged = acknowledged;
    this.failed = failed;
    const cause = options.cause as { retriable?: unknown } | null;
    this.retriable = cause?.retriable === true;
  }
}

export interface PartialSendPart {
  readonly cluster: 'blue' | 'green';
  /** The topic messages sent to this cluster, as in sendBatch's `topicMessages`. */
  readonly topicMessages: readonly { topic: string; messages: readonly unknown[] }[];
  /** kafkajs RecordMetadata for an acknowledged part; the error for a failed one. */
  readonly result: unknown;
}

/**
 * A routing document read failed. `kind` and `retriable` follow the RoutingSourceFailure port
 * so that the client's watcher backs off and reports without knowing about the store.
 */
export class RoutingSourceReadError extends Error {
  override readonly name = 'RoutingSourceReadError';
  readonly kind: RoutingSourceFailureKind;
  readonly retriable: boolean;
  readonly errorName: string;
  constructor(kind: RoutingSourceFailureKind, errorName: string, options?: { cause?: unknown }) {
    super(`reading the routing document failed: ${kind} (${errorName})`, options);
    this.kind = kind;
    this.errorName = errorName;
    this.retriable = kind === 'throttled' || kind === 'unavailable' || kind === 'timeout';
  }
}
