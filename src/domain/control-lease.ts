/**
 * The control lock's lease. A control command takes `<prefix>/<migration>/control-lock` for the
 * second or so it reads the situation and writes its record; the value says who holds it and
 * until when, so that the lock of a command that crashed in between stops refusing the next
 * control once its lease is over, instead of for ever.
 */

/** How long a control lock holds: far longer than a control takes (a few SSM calls), short enough to wait out. */
export const CONTROL_LEASE_MS = 2 * 60_000;

export interface ControlLease {
  /** Who holds it: an IAM principal ARN (CLI) or a Slack user. */
  readonly by: string;
  readonly control: string;
  /** ISO 8601: when it was taken. */
  readonly at: string;
  /** ISO 8601: when it lapses. */
  readonly expiresAt: string;
}

export type LeaseReading =
  | { readonly kind: 'held'; readonly lease: ControlLease }
  | { readonly kind: 'expired'; readonly lease: ControlLease }
  /** Not a lease at all (written by hand, or cut short): nothing says it still holds. */
  | { readonly kind: 'unreadable' };

export function newLease(by: string, control: string, now: number, leaseMs: number = CONTROL_LEASE_MS): ControlLease {
  return { by, control, at: new Date(now).toISOString(), expiresAt: new Date(now + leaseMs).toISOString() };
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);

function parse(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

/**
 * Reads a lock value. A value without `expiresAt` but with `at` (written before leases existed)
 * lapses one lease after `at`. A lease is over once `now` reaches `expiresAt`.
 */
export function readLease(raw: string, now: number, leaseMs: number = CONTROL_LEASE_MS): LeaseReading {
  const value = parse(raw);
  if (typeof value !== 'object' || value === null) return { kind: 'unreadable' };
  const fields = value as Record<string, unknown>;
  const at = text(fields.at);
  const taken = at === null ? Number.NaN : Date.parse(at);
  if (at === null || !Number.isFinite(taken)) return { kind: 'unreadable' };
  const given = text(fields.expiresAt);
  const expires = given === null ? taken + leaseMs : Date.parse(given);
  if (!Number.isFinite(expires)) return { kind: 'unreadable' };
  const lease = { by: text(fields.by) ?? 'unknown', control: text(fields.control) ?? 'unknown', at, expiresAt: new Date(expires).toISOString() };
  return now >= expires ? { kind: 'expired', lease } : { kind: 'held', lease };
}
