import type { RoutingDocument } from '@kraft-canary/client/contract';
import type { CreateOnlyFlags, RoutingCreation, RoutingSource, RoutingStore, StoredRouting } from '../ports/index.ts';

/**
 * SSM Parameter Store semantics in memory, for the rehearsal and tests: one parameter per
 * migration with a version per write and the full history, unconditional overwrites (no
 * compare-and-set, as in SSM), and create-only flags (PutParameter with Overwrite: false).
 */
export class MemoryRoutingStore implements RoutingStore, RoutingCreation, CreateOnlyFlags {
  readonly #history = new Map<string, StoredRouting[]>();
  readonly #flags = new Map<string, string>();
  readonly #writeListeners = new Set<(migration: string) => void>();

  /** Called after every write of a routing parameter, as SSM raises a "Parameter Store Change" event. */
  onWrite(listener: (migration: string) => void): () => void {
    this.#writeListeners.add(listener);
    return () => this.#writeListeners.delete(listener);
  }

  async read(migration: string): Promise<StoredRouting | null> {
    return this.#history.get(migration)?.at(-1) ?? null;
  }

  async write(migration: string, document: RoutingDocument): Promise<number> {
    return this.writeText(migration, JSON.stringify(document));
  }

  async createFirst(migration: string, document: RoutingDocument): Promise<number | null> {
    return this.#history.has(migration) ? null : this.writeText(migration, JSON.stringify(document));
  }

  /** Stores raw text, valid or not, as an operator with console access could. */
  writeText(migration: string, text: string): number {
    const versions = this.#history.get(migration) ?? [];
    const version = versions.length + 1;
    versions.push({ version, text });
    this.#history.set(migration, versions);
    for (const listener of this.#writeListeners) listener(migration);
    return version;
  }

  async historySince(migration: string, afterVersion: number): Promise<StoredRouting[]> {
    return (this.#history.get(migration) ?? []).filter((v) => v.version > afterVersion);
  }

  /** Every version ever written, oldest first. */
  history(migration: string): readonly StoredRouting[] {
    return this.#history.get(migration) ?? [];
  }

  async create(name: string, value: string): Promise<boolean> {
    if (this.#flags.has(name)) return false;
    this.#flags.set(name, value);
    return true;
  }

  async get(name: string): Promise<string | null> {
    return this.#flags.get(name) ?? null;
  }

  async remove(name: string): Promise<void> {
    this.#flags.delete(name);
  }

  /** A client-side source reading this store, as services read SSM. */
  sourceFor(migration: string): RoutingSource {
    return { fetch: async () => (await this.read(migration))?.text ?? null };
  }
}
