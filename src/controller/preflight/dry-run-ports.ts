import { type RoutingDocument, serializeRoutingDocument } from '@kraft-canary/client/contract';
import type { CreateOnlyFlags, RoutingCreation, RoutingStore, StoredRouting } from '../../ports/index.ts';

/** What a dry run would have written: one line per write it left out. */
export type WouldWrite = (description: string) => void;

/**
 * Create-only flags that read the real store and write nothing: creates and removals are
 * recorded and answered as the store would answer them, and later reads see them, so the use
 * case walks the same path it would walk for real.
 */
export function dryRunFlags(real: CreateOnlyFlags, record: WouldWrite): CreateOnlyFlags {
  const created = new Map<string, string>();
  const removed = new Set<string>();
  const get = async (name: string): Promise<string | null> => {
    if (created.has(name)) return created.get(name) ?? null;
    return removed.has(name) ? null : real.get(name);
  };
  return {
    get,
    async create(name, value) {
      if ((await get(name)) !== null) return false;
      created.set(name, value);
      record(`create ${name}`);
      return true;
    },
    async remove(name) {
      if ((await get(name)) === null) return;
      created.delete(name);
      removed.add(name);
      record(`delete ${name}`);
    },
  };
}

/** A routing store that reads the real one and keeps its own writes in memory, recorded. */
export function dryRunRouting(real: RoutingStore, record: WouldWrite): RoutingStore & RoutingCreation {
  const written: StoredRouting[] = [];
  const latest = async (migration: string): Promise<StoredRouting | null> => written.at(-1) ?? real.read(migration);
  const write = async (migration: string, document: RoutingDocument, how: string) => {
    const text = serializeRoutingDocument(document);
    const version = ((await latest(migration))?.version ?? 0) + 1;
    written.push({ version, text: text.ok ? text.value : JSON.stringify(document) });
    record(
      `${how} the routing document of ${migration}: ${document.phase}, ${document.producers.greenPercent}% green, revision ${document.revision} (${document.reason})`,
    );
    return version;
  };
  return {
    read: latest,
    write: (migration, document) => write(migration, document, 'write'),
    async createFirst(migration, document) {
      return (await latest(migration)) === null ? write(migration, document, 'create') : null;
    },
    async historySince(migration: string, afterVersion: number) {
      const history = await real.historySince(migration, afterVersion);
      return [...history, ...written.filter((v) => v.version > afterVersion)];
    },
  };
}
