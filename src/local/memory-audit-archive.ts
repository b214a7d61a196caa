import type { AuditArchive } from '../ports/index.ts';

/** The audit bucket in memory: every record kept, in order, never replaced. */
export class MemoryAuditArchive implements AuditArchive {
  readonly records: { key: string; document: unknown }[] = [];

  async put(key: string, document: unknown): Promise<{ key: string; versionId?: string }> {
    this.records.push({ key, document: structuredClone(document) });
    return { key, versionId: String(this.records.length) };
  }
}
