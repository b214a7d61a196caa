import type { Cluster } from '@kraft-canary/client/contract';
import { z } from 'zod';
import { type DrainBlocker, type DrainStreak, evaluateDrain } from '../../domain/drain.ts';
import { plannedGroups } from '../../domain/group-class.ts';
import type { Plan } from '../../domain/plan.ts';
import type { DrainProof } from '../../domain/transitions.ts';
import { isRetriable } from '../../errors.ts';
import type { Clock, KafkaAdmins, Logger, MetricsCatalog, MetricsReader, Notification } from '../../ports/index.ts';
import { ClusterSchema, ExecutionArnSchema, parseStepInput, planFrom } from '../step-input.ts';
import { collectOffsets, type OffsetsSnapshot } from './group-offsets.ts';
import { readMessagesIn } from './messages-in.ts';

export interface ConfirmDrainPorts {
  readonly kafka: KafkaAdmins;
  readonly metrics: MetricsReader;
  readonly catalog: MetricsCatalog;
  readonly clock: Clock;
  readonly logger: Logger;
}

const StreakSchema = z.object({ since: z.number().nullable(), watermarkDigest: z.string().nullable(), polls: z.number().int().min(0) });

export const ConfirmDrainInputSchema = z.object({
  plan: z.unknown(),
  cluster: ClusterSchema,
  /** The previous poll's output (or the loop's initial `{ streak: null, startedAt: null }`). */
  previous: z
    .looseObject({
      streak: StreakSchema.nullable().default(null),
      startedAt: z.number().nullable().default(null),
      lastPollAt: z.number().nullable().default(null),
    })
    .nullable()
    .default(null),
  executionArn: ExecutionArnSchema,
});

export type ConfirmDrainInput = z.input<typeof ConfirmDrainInputSchema>;

export interface ConfirmDrainOutput {
  cluster: 'blue' | 'green';
  drained: boolean;
  /** Not drained within the plan's drain timeout, counted from the first poll. */
  timedOut: boolean;
  proof: DrainProof | null;
  /** What still blocks, the first ones (see blockingCount for all). */
  blocking: DrainBlocker[];
  blockingCount: number;
  streak: DrainStreak;
  startedAt: number;
  lastPollAt: number;
  notification: Notification;
}

const MAX_BLOCKERS = 100;

const where = (b: DrainBlocker) => [b.group, b.topic === undefined ? undefined : `${b.topic}/${b.partition}`].filter(Boolean).join(' ');

function notificationOf(migration: string, out: Omit<ConfirmDrainOutput, 'notification'>, timeoutSeconds: number): Notification {
  if (out.drained)
    return {
      migration,
      kind: 'drain',
      text: `${migration}: ${out.cluster} is drained (${out.proof?.groups} groups, ${out.proof?.partitions} partitions, stable for ${out.proof?.stableForSeconds} s).`,
    };
  const first = out.blocking.slice(0, 5).map((b) => `${b.reason}${where(b) ? ` ${where(b)}` : ''}${b.lag === undefined ? '' : ` (${b.lag})`}`);
  const state = out.timedOut ? `not drained after ${timeoutSeconds} s: holding` : 'not drained yet';
  return {
    migration,
    kind: out.timedOut ? 'hold' : 'drain',
    text: `${migration}: ${out.cluster} ${state}; ${out.blockingCount} blocker(s): ${first.join('; ')}`,
  };
}

/**
 * Green after a rollback that cannot be reached is not drained yet: its messages are still on
 * it. The streak starts over and the state machine polls again until the plan's drain timeout,
 * since a cluster-instability rollback is exactly when green is down for a while (a Catch after
 * a few retries would give up on the drain within minutes). Blue keeps failing the poll: an
 * unreachable blue after the cutover holds the rollout for a person at once.
 */
function unreachableGreen(input: z.output<typeof ConfirmDrainInputSchema>, now: number, timeoutSeconds: number): Omit<ConfirmDrainOutput, 'notification'> {
  const startedAt = input.previous?.startedAt ?? now;
  const blocking: DrainBlocker[] = [{ reason: 'no-data' }];
  return {
    cluster: input.cluster,
    drained: false,
    timedOut: now - startedAt >= timeoutSeconds * 1000,
    proof: null,
    blocking,
    blockingCount: blocking.length,
    streak: { since: null, watermarkDigest: null, polls: 0 },
    startedAt,
    // The next poll reads the broker's MessagesIn since the last poll that reached it.
    lastPollAt: input.previous?.lastPollAt ?? now,
  };
}

/** The committed offsets and watermarks; null when green cannot be reached (see unreachableGreen). */
async function readOffsets(ports: ConfirmDrainPorts, plan: ReturnType<typeof planFrom>, cluster: 'blue' | 'green') {
  try {
    const admin = await ports.kafka(plan, cluster);
    try {
      return await collectOffsets(admin, plan);
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  } catch (error) {
    // A retriable error is the brokers not answering (KafkaAdminError), not a refusal or bad credentials.
    if (cluster === 'green' && isRetriable(error)) return null;
    throw error;
  }
}

/**
 * The topics the plan's groups that committed nothing on the drained cluster read on the other
 * one, so that a group whose topics hold nothing here does not block the drain. Best effort: a
 * group left out stays judged by the strict rule (any message anywhere blocks it).
 */
async function topicsOfMissingGroups(ports: ConfirmDrainPorts, plan: Plan, cluster: Cluster, offsets: OffsetsSnapshot) {
  const reported = new Set(offsets.groups.filter((g) => g.partitions.length > 0).map((g) => g.group));
  const missing = plannedGroups(plan).filter((group) => !reported.has(group));
  if (missing.length === 0 || !offsets.topics.some((t) => t.high > t.low)) return {};
  const topics: Record<string, string[]> = {};
  try {
    const admin = await ports.kafka(plan, cluster === 'blue' ? 'green' : 'blue');
    try {
      const names = offsets.topics.map((t) => t.topic).filter((t, i, all) => all.indexOf(t) === i);
      for (const group of missing) {
        const read = (await admin.groupOffsets(group, names)).filter((o) => o.committed !== null).map((o) => o.topic);
        if (read.length > 0) topics[group] = [...new Set(read)];
      }
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  } catch (error) {
    ports.logger.warn('drain: the other cluster did not say which topics the missing groups read', {
      migration: plan.migration,
      error: error instanceof Error ? error.name : 'unknown',
    });
  }
  return topics;
}

/**
 * One drain poll of a cluster: committed offsets of every group against the high watermarks
 * (kafkajs admin) and per-topic MessagesInPerSec since the last poll, judged by the domain with
 * the streak carried in the state. Blue after the cutover; green after a rollback.
 */
export const confirmDrain =
  (ports: ConfirmDrainPorts) =>
  async (raw: unknown): Promise<ConfirmDrainOutput> => {
    const input = parseStepInput(ConfirmDrainInputSchema, raw, 'ConfirmDrain');
    const plan = planFrom(input.plan);
    const now = ports.clock.now();
    const startedAt = input.previous?.startedAt ?? now;
    const offsets = await readOffsets(ports, plan, input.cluster);
    if (offsets === null) {
      const out = unreachableGreen(input, now, plan.drain.timeout);
      ports.logger.warn('drain polled: green unreachable, not drained yet', { migration: plan.migration, cluster: input.cluster, timedOut: out.timedOut });
      return { ...out, notification: notificationOf(plan.migration, out, plan.drain.timeout) };
    }
    const since = input.previous?.lastPollAt ?? now - plan.drain.pollEvery * 1000;
    const messagesIn = await readMessagesIn(ports, plan, input.cluster, { start: since, end: now });
    const snapshot = { at: now, groups: offsets.groups, topics: offsets.topics, ...(messagesIn === undefined ? {} : { messagesIn }) };
    const verdict = evaluateDrain({
      cluster: input.cluster,
      snapshot,
      previous: input.previous?.streak ?? null,
      stableForSeconds: plan.drain.stableFor,
      expectedGroups: plannedGroups(plan),
      groupTopics: await topicsOfMissingGroups(ports, plan, input.cluster, offsets),
    });
    const blocking = verdict.drained ? [] : verdict.blocking;
    const out = {
      cluster: input.cluster,
      drained: verdict.drained,
      timedOut: !verdict.drained && now - startedAt >= plan.drain.timeout * 1000,
      proof: verdict.drained ? verdict.proof : null,
      blocking: blocking.slice(0, MAX_BLOCKERS),
      blockingCount: blocking.length,
      streak: verdict.streak,
      startedAt,
      lastPollAt: now,
    };
    ports.logger.info('drain polled', {
      migration: plan.migration,
      cluster: input.cluster,
      drained: out.drained,
      blockers: out.blockingCount,
      polls: out.streak.polls,
    });
    return { ...out, notification: notificationOf(plan.migration, out, plan.drain.timeout) };
  };
