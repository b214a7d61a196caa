import type { ApprovalDecision, ApprovalJobMarks, ApprovalRecord, ApprovalStore } from '../ports/index.ts';

/** ApprovalStore with the SSM adapter's semantics (create-only decisions), for the rehearsal and tests. */
export class MemoryApprovalStore implements ApprovalStore, ApprovalJobMarks {
  readonly #records = new Map<string, ApprovalRecord>();
  readonly #jobs = new Set<string>();
  readonly #decisions = new Map<string, ApprovalDecision>();

  async put(record: ApprovalRecord): Promise<void> {
    this.#records.set(`${record.migration}/${record.approvalId}`, structuredClone(record));
  }

  async update(record: ApprovalRecord): Promise<void> {
    await this.put(record);
  }

  async get(migration: string, approvalId: string): Promise<ApprovalRecord | null> {
    const record = this.#records.get(`${migration}/${approvalId}`);
    return record === undefined ? null : structuredClone(record);
  }

  async list(migration: string): Promise<ApprovalRecord[]> {
    return [...this.#records.values()].filter((r) => r.migration === migration).sort((a, b) => a.createdAt - b.createdAt);
  }

  async remove(migration: string, approvalId: string): Promise<void> {
    this.#records.delete(`${migration}/${approvalId}`);
  }

  async claim(
    migration: string,
    approvalId: string,
    decision: ApprovalDecision,
    _expiresAt?: number,
  ): Promise<{ won: true } | { won: false; winner: ApprovalDecision }> {
    const key = `${migration}/${approvalId}`;
    const winner = this.#decisions.get(key);
    if (winner !== undefined) return { won: false, winner };
    this.#decisions.set(key, decision);
    return { won: true };
  }

  async decision(migration: string, approvalId: string): Promise<ApprovalDecision | null> {
    return this.#decisions.get(`${migration}/${approvalId}`) ?? null;
  }

  async takeJob(migration: string, approvalId: string, jobId: string, _expiresAt: number): Promise<boolean> {
    const key = `${migration}/${approvalId}/${jobId}`;
    if (this.#jobs.has(key)) return false;
    this.#jobs.add(key);
    return true;
  }

  async releaseJob(migration: string, approvalId: string, jobId: string): Promise<void> {
    this.#jobs.delete(`${migration}/${approvalId}/${jobId}`);
  }

  async release(migration: string, approvalId: string): Promise<void> {
    this.#decisions.delete(`${migration}/${approvalId}`);
  }
}
