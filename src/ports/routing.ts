/**
 * The routing document's storage (SSM Parameter Store in production) and the source clients read
 * it from (declared by the client library).
 */
import type { RoutingDocument } from '@kraft-canary/client/contract';

export type { RoutingSource, RoutingSourceFailure, RoutingSourceFailureKind } from '@kraft-canary/client/contract';

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

/**
 * The routing parameter's first write is create-only (PutParameter Overwrite: false): no stack
 * and no racing writer owns the live document, and the first document never overwrites one.
 */
export interface RoutingCreation {
  /** Creates the parameter with its first document; its version, or null when it already exists. */
  createFirst(migration: string, document: RoutingDocument): Promise<number | null>;
}
