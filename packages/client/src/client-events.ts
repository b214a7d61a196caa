import { EventEmitter } from 'node:events';

/**
 * A typed event channel. Listeners run synchronously in emit order; an exception thrown by a
 * listener is swallowed so that an observer can never break a send, a poll or a switch.
 */
export class ClientEvents<M extends { [K in keyof M]: unknown }> {
  readonly #emitter = new EventEmitter();

  constructor() {
    // A fleet in one process may attach many observers; that is not a leak.
    this.#emitter.setMaxListeners(0);
  }

  on<K extends keyof M & string>(event: K, listener: (payload: M[K]) => void): () => void {
    const safe = (payload: M[K]) => {
      try {
        listener(payload);
      } catch {
        // Observers must not affect traffic; a failing listener is dropped from this call only.
      }
    };
    this.#emitter.on(event, safe);
    return () => this.#emitter.off(event, safe);
  }

  emit<K extends keyof M & string>(event: K, payload: M[K]): void {
    this.#emitter.emit(event, payload);
  }

  listenerCount<K extends keyof M & string>(event: K): number {
    return this.#emitter.listenerCount(event);
  }
}
