import type { RoutingDocument } from '@kraft-canary/client/contract';
import type { CreateOnlyFlags, RoutingCreation, RoutingStore, StoredRouting } from '../../../src/ports/index.ts';

/** Called before every operation; the operation runs when the returned promise resolves. */
export type Gate = (operation: string) => Promise<void>;

/** One operation as it ran: who, what, and the version a write produced. */
export interface SteppedOperation {
  readonly actor: string;
  readonly operation: string;
  readonly version?: number;
}

/**
 * A routing store and flag set that pauses at every read and write, so that a test can run
 * several writers step by step in any interleaving (SSM gives no atomicity beyond a single
 * call, so a single call is the unit of interleaving). Flags named in `ungated` (the lock,
 * which only the rollback touches) run without pausing: they cannot interact with the others.
 */
export class SteppedRoutingStore implements RoutingStore, RoutingCreation, CreateOnlyFlags {
  readonly #inner: RoutingStore & RoutingCreation & CreateOnlyFlags;
  readonly #gate: Gate;
  readonly #actor: string;
  readonly #log: SteppedOperation[];
  readonly #ungated: ReadonlySet<string>;

  constructor(inner: RoutingStore & RoutingCreation & CreateOnlyFlags, actor: string, gate: Gate, log: SteppedOperation[], ungated: readonly string[] = []) {
    this.#inner = inner;
    this.#actor = actor;
    this.#gate = gate;
    this.#log = log;
    this.#ungated = new Set(ungated);
  }

  async #step<T>(operation: string, run: () => Promise<T>, gated = true): Promise<T> {
    if (gated) await this.#gate(operation);
    const result = await run();
    this.#log.push({ actor: this.#actor, operation, ...(operation === 'write' ? { version: result as number } : {}) });
    return result;
  }

  read(migration: string): Promise<StoredRouting | null> {
    return this.#step('read', () => this.#inner.read(migration));
  }

  write(migration: string, document: RoutingDocument): Promise<number> {
    return this.#step('write', () => this.#inner.write(migration, document));
  }

  createFirst(migration: string, document: RoutingDocument): Promise<number | null> {
    return this.#step('create-first', () => this.#inner.createFirst(migration, document));
  }

  historySince(migration: string, afterVersion: number): Promise<StoredRouting[]> {
    return this.#step('history', () => this.#inner.historySince(migration, afterVersion));
  }

  create(name: string, value: string): Promise<boolean> {
    return this.#step(`create ${name}`, () => this.#inner.create(name, value), !this.#ungated.has(name));
  }

  get(name: string): Promise<string | null> {
    return this.#step(`get ${name}`, () => this.#inner.get(name), !this.#ungated.has(name));
  }

  remove(name: string): Promise<void> {
    return this.#step(`remove ${name}`, () => this.#inner.remove(name), !this.#ungated.has(name));
  }
}
