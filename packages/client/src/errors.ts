/** Errors of the client library. kafkajs errors reach callers unchanged; these are the client's own. */
import type { RoutingSourceFailureKind } from './ports.ts';

export interface KraftCanaryClientErrorOptions {
  readonly cause?: unknown;
  /** Trying the same call again may succeed without anyone changing anything. Default false. */
  readonly retriable?: boolean;
}

/**
 * The base of every error the client library throws, as KafkaJSError is of kafkajs's: each
 * subclass sets `name`, keeps the wrapped error as `cause` and says whether it is `retriable`.
 */
export class KraftCanaryClientError extends Error {
  override readonly name: string = 'KraftCanaryClientError';
  readonly retriable: boolean;
  constructor(message: string, options: KraftCanaryClientErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retriable = options.retriable ?? false;
  }
}

/** A routing document read took longer than the watcher's per-call timeout. */
export class RoutingReadTimeoutError extends KraftCanaryClientError {
  override readonly name = 'RoutingReadTimeoutError';
  readonly kind = 'timeout';
  constructor(timeoutMs: number, options?: { cause?: unknown }) {
    super(`reading the routing document took longer than ${timeoutMs} ms`, { ...options, retriable: true });
  }
}

/** A send or consumer call on a client after disconnect() began. */
export class ClientClosedError extends KraftCanaryClientError {
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
export class PartialSendError extends KraftCanaryClientError {
  override readonly name = 'PartialSendError';
  readonly acknowledged: readonly PartialSendPart[];
  readonly failed: readonly PartialSendPart[];
  constructor(acknowledged: PartialSendPart[], failed: PartialSendPart[], options: { cause: unknown }) {
    const clusters = failed.map((f) => f.cluster).join(', ');
    // As retriable as the kafkajs error that failed it.
    const retriable = (options.cause as { retriable?: unknown } | null)?.retriable === true;
    super(`send failed on ${clusters} and succeeded on the other cluster; only the failed messages may be retried`, { ...options, retriable });
    this.acknowledged = acknowledged;
    this.failed = failed;
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
export class RoutingSourceReadError extends KraftCanaryClientError {
  override readonly name = 'RoutingSourceReadError';
  readonly kind: RoutingSourceFailureKind;
  readonly errorName: string;
  constructor(kind: RoutingSourceFailureKind, errorName: string, options?: { cause?: unknown }) {
    const retriable = kind === 'throttled' || kind === 'unavailable' || kind === 'timeout';
    super(`reading the routing document failed: ${kind} (${errorName})`, { ...options, retriable });
    this.kind = kind;
    this.errorName = errorName;
  }
}

/** The installed Kafka client cannot read the control topic without a group; the watcher keeps polling. */
export class PushUnsupportedError extends KraftCanaryClientError {
  override readonly name = 'PushUnsupportedError';
}

/** The control topic does not exist on a cluster (or the client may not describe it). */
export class ControlTopicMissingError extends KraftCanaryClientError {
  override readonly name = 'ControlTopicMissingError';
  constructor(topic: string, options?: { cause?: unknown }) {
    super(`control topic ${topic} does not exist`, { ...options, retriable: true });
  }
}
