import type { Cluster } from './contract/bucket.ts';
import type { RoutingRejection } from './contract/judge-routing-text.ts';
import type { RoutingDocument } from './contract/routing-document.ts';
import type { PushConnectionState } from './ports.ts';
import type { PushUnhealthyReason } from './push/push-health.ts';
import type { RoutingFailure } from './routing-source-read.ts';

/** What a RoutingWatcher emits (its `events`). */
/** Which source brought a document. */
export type RoutingVia = 'poll' | 'push';

export interface RoutingChangeEvent {
  readonly via: RoutingVia;
  /** The cluster whose control topic delivered it (push only). */
  readonly cluster: Cluster | null;
  readonly previous: RoutingDocument;
  readonly current: RoutingDocument;
  readonly revision: number;
  /** The document's own `reason` (why the controller wrote it). */
  readonly reason: string;
  /** True when `previous` is the static default (nothing had been read before). */
  readonly fromStaticDefault: boolean;
}

export interface RoutingWarningEvent {
  readonly via: RoutingVia;
  readonly code: RoutingRejection;
  readonly message: string;
  /** The revision the client keeps acting on. */
  readonly keptRevision: number;
}

export interface RoutingReadFailedEvent extends RoutingFailure {
  readonly consecutiveFailures: number;
  readonly nextPollInMs: number | null;
  readonly keptRevision: number;
}

/** Push became unhealthy: the watcher polls at the short interval again. */
export interface PushFallbackEvent {
  readonly reason: PushUnhealthyReason;
  readonly nextPollInMs: number | null;
  readonly keptRevision: number;
}

/** Push is healthy (again): polls slow to the anti-entropy interval. */
export interface PushHealthyEvent {
  readonly keptRevision: number;
}

export interface RoutingWatcherEvents {
  change: RoutingChangeEvent;
  warning: RoutingWarningEvent;
  'read-failed': RoutingReadFailedEvent;
  'push-fallback': PushFallbackEvent;
  'push-healthy': PushHealthyEvent;
  'push-connection': PushConnectionState;
}
