import { describe, expect, it } from 'vitest';
import { acquireLock, type LockOutcome, lockName } from '../../../../src/controller/lock/rollout-lock.ts';
import { MemoryRoutingStore } from '../../../../src/local/memory-routing-store.ts';
import { InterleavingScheduler } from '../../../support/fakes/interleaving-scheduler.ts';
import { SteppedRoutingStore } from '../../../support/fakes/stepped-routing-store.ts';

/**
 * Invariant 7 (one rollout at a time) when two rollouts find the same stale lock: every
 * interleaving of their SSM calls (one call is the unit; SSM has no compare-and-set) ends with
 * at most one of them holding the lock, and the lock naming exactly that one.
 */
const PREFIX = '/kraft-canary';
const LOCK = lockName(PREFIX, 'orders');
const STALE = 'arn:aws:states:eu-west-1:111122223333:execution:kraft-canary-prod-orders:stopped';
const ACTORS = [
  'arn:aws:states:eu-west-1:111122223333:execution:kraft-canary-prod-orders:a',
  'arn:aws:states:eu-west-1:111122223333:execution:kraft-canary-prod-orders:b',
];
const ended = { describeExecution: async (arn: string) => (arn === STALE ? ('ABORTED' as const) : ('RUNNING' as const)) };

async function runOnce(choose: (waiting: readonly string[]) => number) {
  const store = new MemoryRoutingStore();
  await store.create(LOCK, STALE);
  const scheduler = new InterleavingScheduler(ACTORS);
  const outcomes = new Map<string, LockOutcome>();
  const bodies = Object.fromEntries(
    ACTORS.map((actor) => [
      actor,
      async () => {
        const flags = new SteppedRoutingStore(store, actor, scheduler.gateFor(actor), []);
        outcomes.set(actor, await acquireLock(flags, PREFIX, 'orders', actor, ended));
      },
    ]),
  );
  const failures = await scheduler.run(bodies, choose);
  return { failures, outcomes, lock: await store.get(LOCK) };
}

function check(run: Awaited<ReturnType<typeof runOnce>>): string | null {
  if (run.failures.size > 0) return `actor failed: ${[...run.failures.keys()].join(', ')}`;
  const holders = ACTORS.filter((a) => run.outcomes.get(a)?.held);
  if (holders.length > 1) return 'both rollouts hold the lock';
  if (holders.length === 1 && run.lock !== holders[0]) return `the lock names ${run.lock}, not its holder`;
  if (holders.length === 0 && run.lock !== STALE) return `nobody holds the lock, yet it names ${run.lock}`;
  return null;
}

describe('lock takeover against a racing takeover (invariant 7)', () => {
  it('under every interleaving exactly one rollout takes over the stale lock', async () => {
    // Prepare
    const problems: string[] = [];
    let prefix: number[] = [];
    let runs = 0;
    // Act: every schedule, depth first
    for (;;) {
      const made: number[] = [];
      const width: number[] = [];
      const run = await runOnce((waiting) => {
        const choice = made.length < prefix.length ? (prefix[made.length] ?? 0) : 0;
        made.push(choice);
        width.push(waiting.length);
        return choice;
      });
      runs += 1;
      const problem = check(run);
      if (problem !== null) problems.push(`${problem} [choices ${made.join('')}]`);
      if (ACTORS.filter((a) => run.outcomes.get(a)?.held).length !== 1) problems.push(`no winner [choices ${made.join('')}]`);
      let i = made.length - 1;
      while (i >= 0 && (made[i] ?? 0) + 1 >= (width[i] ?? 1)) i -= 1;
      if (i < 0) break;
      prefix = [...made.slice(0, i), (made[i] ?? 0) + 1];
    }
    // Assess
    expect(problems).toEqual([]);
    expect(runs).toBeGreaterThan(50);
  });
});
