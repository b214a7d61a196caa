import { describe, expect, it } from 'vitest';
import {
  acquireControlLock,
  type ControlLockOutcome,
  controlTakeoverName,
  releaseControlLock,
  takeoverText,
} from '../../../../src/controller/controls/control-lock.ts';
import { controlLockName } from '../../../../src/controller/controls/control-records.ts';
import { CONTROL_LEASE_MS, newLease } from '../../../../src/domain/control-lease.ts';
import { MemoryRoutingStore } from '../../../../src/local/memory-routing-store.ts';
import type { CreateOnlyFlags } from '../../../../src/ports/index.ts';
import { InterleavingScheduler } from '../../../support/fakes/interleaving-scheduler.ts';
import { SteppedRoutingStore } from '../../../support/fakes/stepped-routing-store.ts';
import { everySchedule } from '../../../support/schedules.ts';

const PREFIX = '/kc';
const LOCK = controlLockName(PREFIX, 'orders');
const T0 = Date.parse('2026-05-04T10:00:00.000Z');
const crashed = JSON.stringify(newLease('arn:aws:iam::123456789012:role/crashed', 'pause', T0));
const lapsedAt = T0 + CONTROL_LEASE_MS;

const take = (flags: MemoryRoutingStore | SteppedRoutingStore, by: string, now: number) =>
  acquireControlLock(flags, PREFIX, 'orders', newLease(by, 'promote', now), now);

/** Every flag the lock protocol may leave: the lock and any takeover claim. */
async function leftovers(store: MemoryRoutingStore): Promise<(string | null)[]> {
  return [await store.get(LOCK), await store.get(controlTakeoverName(PREFIX, 'orders', crashed))];
}

describe('acquireControlLock', () => {
  it('takes a free lock and writes who, what and the lease into it', async () => {
    // Prepare
    const store = new MemoryRoutingStore();
    // Act
    const outcome = await take(store, 'alice', T0);
    // Assess
    expect(outcome).toMatchObject({ held: true, tookOver: null });
    expect(JSON.parse((await store.get(LOCK)) ?? '')).toEqual({
      by: 'alice',
      control: 'promote',
      at: '2026-05-04T10:00:00.000Z',
      expiresAt: '2026-05-04T10:02:00.000Z',
    });
  });

  it('an unexpired lock refuses with who holds it and until when, and stays', async () => {
    // Prepare
    const store = new MemoryRoutingStore();
    await store.create(LOCK, crashed);
    // Act
    const outcome = await take(store, 'alice', lapsedAt - 1);
    // Assess
    expect(outcome.held).toBe(false);
    expect(!outcome.held && outcome.message).toBe(
      'another control of orders is being applied by arn:aws:iam::123456789012:role/crashed (pause, since 2026-05-04T10:00:00.000Z, lease until 2026-05-04T10:02:00.000Z); try again',
    );
    expect(await store.get(LOCK)).toBe(crashed);
  });

  it('an expired lock is taken over and reported with its owner and when it was acquired; no claim is left', async () => {
    // Prepare
    const store = new MemoryRoutingStore();
    await store.create(LOCK, crashed);
    // Act
    const outcome = await take(store, 'alice', lapsedAt);
    // Assess
    expect(outcome).toMatchObject({
      held: true,
      tookOver: {
        from: 'arn:aws:iam::123456789012:role/crashed',
        control: 'pause',
        acquiredAt: '2026-05-04T10:00:00.000Z',
        expiredAt: '2026-05-04T10:02:00.000Z',
      },
    });
    expect(outcome.held && takeoverText(outcome.tookOver!)).toBe(
      'took over a stale control lock from arn:aws:iam::123456789012:role/crashed acquired at 2026-05-04T10:00:00.000Z (pause; its lease ended 2026-05-04T10:02:00.000Z)',
    );
    expect(JSON.parse((await store.get(LOCK)) ?? '{}').by).toBe('alice');
    expect(await store.get(controlTakeoverName(PREFIX, 'orders', crashed))).toBeNull();
  });

  it('a value that is not a lease (written by hand) is taken over at once and said so', async () => {
    // Prepare
    const store = new MemoryRoutingStore();
    await store.create(LOCK, 'mine');
    // Act
    const outcome = await take(store, 'alice', T0);
    // Assess
    expect(outcome).toMatchObject({ held: true, tookOver: { from: 'unknown', acquiredAt: null } });
    expect(outcome.held && takeoverText(outcome.tookOver!)).toContain('whose value was not a lease');
  });

  it('a lock released between the create and the read is taken on the second try', async () => {
    // Prepare: the first create finds the lock, which is gone when read.
    const store = new MemoryRoutingStore();
    await store.create(LOCK, crashed);
    let creates = 0;
    const flags: CreateOnlyFlags = {
      get: (name) => store.get(name),
      remove: (name) => store.remove(name),
      create: async (name, value) => {
        creates += 1;
        const created = await store.create(name, value);
        if (creates === 1) await store.remove(LOCK);
        return created;
      },
    };
    // Act
    const outcome = await acquireControlLock(flags, PREFIX, 'orders', newLease('alice', 'pause', T0), T0);
    // Assess
    expect(outcome).toMatchObject({ held: true, tookOver: null });
  });

  it('a takeover claim left by a taker that crashed halfway is cleared once a lease old: that control is refused, the next takes over', async () => {
    // Prepare
    const store = new MemoryRoutingStore();
    await store.create(LOCK, crashed);
    await store.create(controlTakeoverName(PREFIX, 'orders', crashed), JSON.stringify(newLease('bob', 'step-back', lapsedAt)));
    // Act
    const fresh = await take(store, 'alice', lapsedAt + 1_000);
    const cleared = await take(store, 'alice', lapsedAt + CONTROL_LEASE_MS);
    const next = await take(store, 'alice', lapsedAt + CONTROL_LEASE_MS + 1);
    // Assess
    expect(fresh.held === false && fresh.message).toContain('another control is taking over its lapsed lock right now');
    expect(cleared.held).toBe(false);
    expect(next).toMatchObject({ held: true, tookOver: { from: 'arn:aws:iam::123456789012:role/crashed' } });
  });
});

describe('releaseControlLock', () => {
  it('removes the lock only while it holds this control value: a lock taken over since stays', async () => {
    // Prepare
    const store = new MemoryRoutingStore();
    const mine = (await take(store, 'slow', T0)) as Extract<ControlLockOutcome, { held: true }>;
    const theirs = await take(store, 'alice', lapsedAt);
    // Act
    await releaseControlLock(store, PREFIX, 'orders', mine.token);
    // Assess
    expect(theirs.held).toBe(true);
    expect(JSON.parse((await store.get(LOCK)) ?? '{}').by).toBe('alice');
  });
});

describe('two controls taking over one expired lock at once', () => {
  const TAKERS = ['alice', 'bob'] as const;

  async function runOnce(choose: (waiting: readonly string[]) => number) {
    const store = new MemoryRoutingStore();
    await store.create(LOCK, crashed);
    const scheduler = new InterleavingScheduler([...TAKERS]);
    const outcomes = new Map<string, ControlLockOutcome>();
    // Each holds the lock until the other has finished trying, as a control's writes would.
    const bodies = Object.fromEntries(
      TAKERS.map((taker) => [
        taker,
        async () => {
          const stepped = new SteppedRoutingStore(store, taker, scheduler.gateFor(taker), []);
          outcomes.set(taker, await take(stepped, taker, lapsedAt));
        },
      ]),
    );
    const failures = await scheduler.run(bodies, choose);
    return { failures, outcomes, store };
  }

  it('under every interleaving of their SSM calls exactly one takes it over; the other is refused; no claim is left', async () => {
    // Act: every schedule, depth first
    const { runs, failures } = await everySchedule(
      async (choose) => {
        const run = await runOnce(choose);
        const [lock, claim] = await leftovers(run.store);
        return { ...run, lock, claim };
      },
      (run) => {
        const holders = TAKERS.filter((t) => run.outcomes.get(t)?.held);
        const problems: string[] = [];
        if (run.failures.size > 0) problems.push('failed');
        if (holders.length !== 1) problems.push(`${holders.length} hold the lock`);
        if (holders[0] !== undefined && JSON.parse(run.lock ?? '{}').by !== holders[0]) problems.push(`lock names ${run.lock}`);
        if (run.claim !== null) problems.push('claim left behind');
        return problems;
      },
    );
    // Assess
    expect(failures).toEqual([]);
    expect(runs).toBeGreaterThan(10);
  });
});
