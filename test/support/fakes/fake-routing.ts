import type { RoutingChangeEvent, RoutingView } from '@kraft-canary/client';
import type { RoutingDocument } from '@kraft-canary/client/contract';

/** A RoutingView the test moves by hand: set() announces a new document at once. */
export class FakeRouting implements RoutingView {
  #doc: RoutingDocument;
  readonly #listeners: ((event: RoutingChangeEvent) => void)[] = [];
  starts = 0;

  constructor(doc: RoutingDocument) {
    this.#doc = doc;
  }

  readonly events = {
    on: (_event: 'change', listener: (event: RoutingChangeEvent) => void) => {
      this.#listeners.push(listener);
      return () => {
        this.#listeners.splice(this.#listeners.indexOf(listener), 1);
      };
    },
  };

  current(): RoutingDocument {
    return this.#doc;
  }

  async start(): Promise<RoutingDocument> {
    this.starts += 1;
    return this.#doc;
  }

  set(doc: RoutingDocument): void {
    const previous = this.#doc;
    this.#doc = doc;
    for (const listener of [...this.#listeners]) {
      listener({ via: 'poll', cluster: null, previous, current: doc, revision: doc.revision, reason: doc.reason, fromStaticDefault: false });
    }
  }

  listeners(): number {
    return this.#listeners.length;
  }
}
