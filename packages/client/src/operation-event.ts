import type { Cluster } from './contract/bucket.ts';

export type ClientRole = 'producer' | 'consumer';

/**
 * One unit of client work on one cluster, the source of the ClientOperations and
 * ClientErrors metrics. A producer reports each send (messages in it, and as errors all of
 * them when it failed); a consumer reports each handled message and each crash.
 */
export interface OperationEvent {
  readonly role: ClientRole;
  readonly cluster: Cluster;
  readonly operations: number;
  readonly errors: number;
  readonly durationMs: number;
  /** Consumer, after a handled message or batch: now minus each record's timestamp, in ms. */
  readonly endToEndDelaysMs?: readonly number[];
  /** The error as the Kafka client raised it; for in-process observers, never log it raw. */
  readonly error?: unknown;
}
