/** How one finding bears on readiness: fail blocks the rollout, warn is for a person to judge. */
export type CheckStatus = 'ok' | 'warn' | 'fail';

/** One line of the readiness table. */
export interface CheckRow {
  /** What was checked, e.g. `clusters`, `topics/orders`, `schemas/orders-value`. */
  readonly check: string;
  readonly status: CheckStatus;
  readonly details: string;
}

/** The areas `--sync` may change on green. */
export const SYNC_SCOPES = ['topics', 'schemas', 'triggers'] as const;
export type SyncScope = (typeof SYNC_SCOPES)[number];

/** One change on green that would close a gap; never a change on blue. */
export interface SyncAction {
  readonly scope: SyncScope;
  /** What it will do, printed before it is done. */
  readonly description: string;
  run(): Promise<void>;
}

/** What one check found, and what `--sync` could do about it. */
export interface CheckOutcome {
  readonly rows: CheckRow[];
  readonly actions: SyncAction[];
}

const RANK: Record<CheckStatus, number> = { ok: 0, warn: 1, fail: 2 };

/** The worst status among rows; ok for none. */
export function worstStatus(rows: readonly Pick<CheckRow, 'status'>[]): CheckStatus {
  return rows.reduce<CheckStatus>((worst, row) => (RANK[row.status] > RANK[worst] ? row.status : worst), 'ok');
}

export const row = (check: string, status: CheckStatus, details: string): CheckRow => ({ check, status, details });

/**
 * A failure's class name only: adapter messages can carry hosts, principals or tokens, and the
 * report goes to terminals, files and Step Functions state.
 */
export function safeReason(error: unknown): string {
  if (error instanceof Error) {
    const status = (error as { status?: unknown }).status;
    return typeof status === 'number' ? `${error.name} (HTTP ${status})` : error.name;
  }
  return 'unknown error';
}
