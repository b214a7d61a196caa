import type { Cluster } from '@kraft-canary/client/contract';
import { type DrainBlocker, type DrainStreak, type DrainVerdict, evaluateDrain } from '../../domain/drain.ts';
import { plannedGroups } from '../../domain/group-class.ts';
import type { Plan } from '../../domain/plan.ts';
import type { Clock, KafkaAdminPort, KafkaAdmins, Timers } from '../../ports/index.ts';
import { collectOffsets } from './group-offsets.ts';

export interface DrainCheckPorts {
  readonly kafka: KafkaAdmins;
  readonly clock: Clock;
  readonly timers: Timers;
}

export interface DrainCheckInput {
  readonly plan: Plan;
  readonly cluster: Cluster;
  /** Snapshots to take, at least 1. */
  readonly polls: number;
  readonly everySeconds: number;
}

export interface DrainPoll {
  readonly at: number;
  readonly groups: number;
  readonly partitions: number;
  /** Blockers other than the streak being too short. */
  readonly blocking: number;
  readonly streak: DrainStreak;
}

/**
 * drained: proven (every partition consumed, watermarks unchanged over the plan's stableFor).
 * caught-up: nothing consumable is left in the last poll, but the streak is too short to prove it.
 * blocked: a partition, group or new message still blocks.
 */
export type DrainCheckStatus = 'drained' | 'caught-up' | 'blocked';

export interface DrainCheckResult {
  readonly cluster: Cluster;
  readonly status: DrainCheckStatus;
  readonly polls: readonly DrainPoll[];
  /** The domain's verdict on the last poll, blockers complete (not clipped as in the state machine). */
  readonly verdict: DrainVerdict;
}

const sleep = (timers: Timers, ms: number) =>
  new Promise<void>((resolve) => {
    timers.setTimeout(resolve, ms);
  });

const onlyWaiting = (blocking: readonly DrainBlocker[]) => blocking.every((b) => b.reason === 'not-stable-long-enough');

async function poll(
  admin: KafkaAdminPort,
  input: DrainCheckInput,
  now: number,
  previous: DrainStreak | null,
): Promise<{ poll: DrainPoll; verdict: DrainVerdict }> {
  const offsets = await collectOffsets(admin, input.plan);
  const snapshot = { at: now, groups: offsets.groups, topics: offsets.topics };
  const verdict = evaluateDrain({
    cluster: input.cluster,
    snapshot,
    previous,
    stableForSeconds: input.plan.drain.stableFor,
    expectedGroups: plannedGroups(input.plan),
  });
  const partitions = offsets.groups.reduce((n, g) => n + g.partitions.length, 0);
  return {
    poll: {
      at: now,
      groups: offsets.groups.length,
      partitions,
      blocking: verdict.drained ? 0 : verdict.blocking.filter((b) => b.reason !== 'not-stable-long-enough').length,
      streak: verdict.streak,
    },
    verdict,
  };
}

/**
 * The drain check of the ConfirmDrain step, run by hand: committed offsets of every group
 * against the high watermarks, judged by the domain's evaluateDrain over one or more polls.
 * Watermarks only: the broker's MessagesInPerSec is not read, new messages show as moved
 * watermarks between polls. Reads only.
 */
export const drainCheck =
  (ports: DrainCheckPorts) =>
  async (input: DrainCheckInput): Promise<DrainCheckResult> => {
    const admin = await ports.kafka(input.plan, input.cluster);
    const polls: DrainPoll[] = [];
    let last: DrainVerdict | null = null;
    try {
      for (let i = 0; i < Math.max(1, input.polls); i++) {
        if (i > 0) await sleep(ports.timers, input.everySeconds * 1000);
        const next = await poll(admin, input, ports.clock.now(), last?.streak ?? null);
        polls.push(next.poll);
        last = next.verdict;
      }
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    const verdict = last as DrainVerdict;
    const status: DrainCheckStatus = verdict.drained ? 'drained' : onlyWaiting(verdict.blocking) ? 'caught-up' : 'blocked';
    return { cluster: input.cluster, status, polls, verdict };
  };
