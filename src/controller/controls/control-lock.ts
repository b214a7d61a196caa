import { createHash } from 'node:crypto';
import { type ControlLease, type LeaseReading, readLease } from '../../domain/control-lease.ts';
import type { CreateOnlyFlags } from '../../ports/index.ts';
import { controlLockName } from './control-records.ts';

/**
 * The claim on the takeover of one stale lock value: create-only, so of two controls that find
 * the same lapsed lock at once exactly one replaces it. Removed once the takeover is done.
 */
export const controlTakeoverName = (prefix: string, migration: string, stale: string): string =>
  `${prefix}/${migration}/control-lock-takeover/${createHash('sha256').update(stale).digest('hex').slice(0, 32)}`;

/** The lapsed lock a control replaced: who held it, since when, and until when. */
export interface TakenOverControlLock {
  /** Who held it ('unknown' for a value that was not a lease). */
  readonly from: string;
  readonly control: string;
  /** ISO 8601, or null for a value that was not a lease. */
  readonly acquiredAt: string | null;
  readonly expiredAt: string | null;
}

/** "took over a stale control lock from <owner> acquired at <time>", in one line. */
export function takeoverText(t: TakenOverControlLock): string {
  if (t.acquiredAt === null) return 'took over a control lock whose value was not a lease (written by hand?)';
  return `took over a stale control lock from ${t.from} acquired at ${t.acquiredAt} (${t.control}; its lease ended ${t.expiredAt})`;
}

export type ControlLockOutcome =
  | { readonly held: true; readonly token: string; readonly tookOver: TakenOverControlLock | null }
  | { readonly held: false; readonly message: string };

const leaseText = (lease: ControlLease): string => `by ${lease.by} (${lease.control}, since ${lease.at}, lease until ${lease.expiresAt})`;

function busy(migration: string, holder: string): ControlLockOutcome {
  return { held: false, message: `another control of ${migration} is being applied ${holder}; try again` };
}

function heldBy(migration: string, raw: string | null, now: number): ControlLockOutcome {
  const reading = raw === null ? null : readLease(raw, now);
  return busy(migration, reading !== null && reading.kind !== 'unreadable' ? leaseText(reading.lease) : '(just now)');
}

function taken(reading: Exclude<LeaseReading, { kind: 'held' }>): TakenOverControlLock {
  if (reading.kind === 'unreadable') return { from: 'unknown', control: 'unknown', acquiredAt: null, expiredAt: null };
  return { from: reading.lease.by, control: reading.lease.control, acquiredAt: reading.lease.at, expiredAt: reading.lease.expiresAt };
}

/**
 * Replaces a lapsed lock: claim its takeover (create-only), check the lock still holds the same
 * value, remove it, create ours. A claim left by a taker that crashed halfway is cleared once it
 * is a lease old, so that nothing stays stuck. SSM cannot delete conditionally: the claim makes
 * two takers of one value impossible, and the records written under the lock are create-only too.
 */
async function takeOver(
  flags: CreateOnlyFlags,
  names: { lock: string; claim: string },
  migration: string,
  lease: ControlLease,
  stale: { raw: string; reading: Exclude<LeaseReading, { kind: 'held' }> },
  now: number,
): Promise<ControlLockOutcome> {
  const token = JSON.stringify(lease);
  if (!(await flags.create(names.claim, token))) {
    const claim = await flags.get(names.claim);
    if (claim !== null && readLease(claim, now).kind !== 'held') await flags.remove(names.claim);
    return busy(migration, '(another control is taking over its lapsed lock right now)');
  }
  try {
    const current = await flags.get(names.lock);
    if (current !== null && current !== stale.raw) return heldBy(migration, current, now);
    if (current !== null) await flags.remove(names.lock);
    if (!(await flags.create(names.lock, token))) return heldBy(migration, await flags.get(names.lock), now);
    return { held: true, token, tookOver: taken(stale.reading) };
  } finally {
    await flags.remove(names.claim);
  }
}

/**
 * Takes `<prefix>/<migration>/control-lock` for one control. A lock whose lease is running
 * refuses with who holds it and until when; a lapsed or unreadable one is taken over and said so.
 */
export async function acquireControlLock(
  flags: CreateOnlyFlags,
  prefix: string,
  migration: string,
  lease: ControlLease,
  now: number,
): Promise<ControlLockOutcome> {
  const lock = controlLockName(prefix, migration);
  const token = JSON.stringify(lease);
  if (await flags.create(lock, token)) return { held: true, token, tookOver: null };
  const raw = await flags.get(lock);
  // Released between the two calls: try once more rather than refuse a free lock.
  if (raw === null) return (await flags.create(lock, token)) ? { held: true, token, tookOver: null } : heldBy(migration, await flags.get(lock), now);
  const reading = readLease(raw, now);
  if (reading.kind === 'held') return busy(migration, leaseText(reading.lease));
  return takeOver(flags, { lock, claim: controlTakeoverName(prefix, migration, raw) }, migration, lease, { raw, reading }, now);
}

/** Releases the lock only while it still holds this control's value (a lock taken over since is left alone). */
export async function releaseControlLock(flags: CreateOnlyFlags, prefix: string, migration: string, token: string): Promise<void> {
  const lock = controlLockName(prefix, migration);
  if ((await flags.get(lock)) === token) await flags.remove(lock);
}
