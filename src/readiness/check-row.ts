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
export const SYNC_SCOPES = ['topics', 'schemas', 'triggers', 'authorization'] as const;
export type SyncScope = (typeof SYNC_SCOPES)[number];

/** One change on green that would close a gap; never a change on blue. */
export interface SyncAction {
  readonly scope: SyncScope;
  /** What it will do, printed before it is done. */
  readonly description: string;
  /** Printed with a failure: what it means and how to get past it. */
  readonly failureHint?: string;
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

// Adapter errors whose messages are built to carry only an operation and an error name.
const SAFE_MESSAGES = new Set([
  'AwsCallError',
  'TransientAwsError',
  'KafkaAdminError',
  'KafkaCredentialsError',
  'SchemaRegistryHttpError',
  'SchemaRegistryTimeoutError',
  'SchemaRegistryUnreachableError',
  'SchemaRegistryResponseError',
  'SchemaRegistryCredentialsError',
]);

/**
 * What went wrong, without raw messages: those of drivers and SDKs can carry hosts, principals
 * or tokens, and the report goes to terminals, files and Step Functions state.
 */
export function safeReason(error: unknown): string {
  if (!(error instanceof Error)) return 'unknown error';
  return SAFE_MESSAGES.has(error.name) ? `${error.name}: ${error.message}` : error.name;
}

/** Runs one check; a check that cannot run (unreachable service, denied call) is itself a failure. */
export async function outcomeOf<T extends CheckOutcome>(area: string, run: () => Promise<T>): Promise<T | CheckOutcome> {
  try {
    return await run();
  } catch (error) {
    return { rows: [row(area, 'fail', `check could not run: ${safeReason(error)}`)], actions: [] };
  }
}
