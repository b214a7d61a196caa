import type { RoutingDocument } from './contract/routing-document.ts';
import type { RoutingChangeEvent } from './routing-watcher.ts';

/**
 * What the producer and consumer need from a RoutingWatcher; several clients of one service
 * share a watcher (one poll), and tests may pass a fake.
 */
export interface RoutingView {
  current(): RoutingDocument;
  /** Starts polling if needed; resolves after the first read settled. */
  start(): Promise<unknown>;
  readonly events: { on(event: 'change', listener: (event: RoutingChangeEvent) => void): () => void };
}
