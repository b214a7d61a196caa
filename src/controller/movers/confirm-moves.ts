import { z } from 'zod';
import { allMoved, judgeMover, type MoverPartition, type MoverProgress } from '../../domain/mover-progress.ts';
import { type Mover, type Plan, stageGates } from '../../domain/plan.ts';
import type { Clock, KafkaAdminPort, KafkaAdmins, Logger, Notification } from '../../ports/index.ts';
import { isExcluded } from '../../readiness/topic-parity.ts';
import { ExecutionArnSchema, parseStepInput, planFrom } from '../step-input.ts';

export interface ConfirmMovesPorts {
  readonly kafka: KafkaAdmins;
  readonly clock: Clock;
  readonly logger: Logger;
}

export const ConfirmMovesInputSchema = z.object({
  plan: z.unknown(),
  /** RequestMoves' output, then the previous poll's. */
  previous: z.looseObject({ requestedAt: z.number() }),
  executionArn: ExecutionArnSchema,
});

export interface ConfirmMovesOutput {
  readonly requestedAt: number;
  readonly moved: boolean;
  /** Not all moved within the plan's drain timeout, counted from the request. */
  readonly timedOut: boolean;
  readonly progress: MoverProgress[];
  readonly notification: Notification;
}

/** The partitions of a mover's topics on green: the plan's topics, else every migrated topic it has committed on. */
async function partitionsOf(admin: KafkaAdminPort, mover: Mover, migrated: readonly string[]): Promise<MoverPartition[]> {
  const topics = mover.topics === undefined ? migrated : mover.topics.filter((t) => migrated.includes(t));
  if (topics.length === 0) return [];
  const committed = await admin.groupOffsets(mover.group, topics);
  const read = mover.topics === undefined ? new Set(committed.filter((c) => c.committed !== null).map((c) => c.topic)) : new Set(topics);
  const partitions: MoverPartition[] = [];
  for (const topic of read) {
    const byPartition = new Map(committed.filter((c) => c.topic === topic).map((c) => [c.partition, c.committed]));
    for (const w of await admin.topicOffsets(topic)) partitions.push({ topic, ...w, committed: byPartition.get(w.partition) ?? null });
  }
  return partitions;
}

async function progressOf(ports: ConfirmMovesPorts, plan: Plan): Promise<MoverProgress[]> {
  const admin = await ports.kafka(plan, 'green');
  try {
    const migrated = (await admin.listTopics()).filter((t) => !isExcluded(t, plan.topics.exclude));
    const progress: MoverProgress[] = [];
    // The last stage's lag limit: what the gates held every group to with all traffic on green.
    const gates = stageGates(plan, plan.stages.length - 1);
    for (const mover of plan.movers ?? []) {
      const maxLag = gates.maxLagByGroup[mover.group] ?? gates.maxLag;
      progress.push(judgeMover(mover.group, await partitionsOf(admin, mover, migrated), maxLag));
    }
    return progress;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function notificationOf(migration: string, progress: readonly MoverProgress[], moved: boolean, timedOut: boolean, timeoutSeconds: number): Notification {
  if (moved) return { migration, kind: 'move', text: `${migration}: ${progress.map((p) => p.group).join(', ')} moved to green and caught up.` };
  const waiting = progress.filter((p) => p.status !== 'moved').map((p) => `${p.group} ${p.status === 'absent' ? 'not on green yet' : `behind by ${p.lag}`}`);
  const state = timedOut ? `not moved after ${timeoutSeconds} s: holding (producers on green, blue drained; complete is not written)` : 'waiting for the moves';
  return { migration, kind: timedOut ? 'hold' : 'move', text: `${migration}: ${state}; ${waiting.join('; ')}` };
}

/**
 * One poll after the moves were asked for: each mover has committed on green and is behind by
 * no more than the last stage's lag limit for it (maxLagByGroup, else maxLag). Only then may the
 * rollout write `complete`.
 */
export const confirmMoves =
  (ports: ConfirmMovesPorts) =>
  async (raw: unknown): Promise<ConfirmMovesOutput> => {
    const input = parseStepInput(ConfirmMovesInputSchema, raw, 'ConfirmMoves');
    const plan = planFrom(input.plan);
    const progress = await progressOf(ports, plan);
    const moved = allMoved(progress);
    const timedOut = !moved && ports.clock.now() - input.previous.requestedAt >= plan.drain.timeout * 1000;
    ports.logger.info('moves polled', { migration: plan.migration, moved, waiting: progress.filter((p) => p.status !== 'moved').length });
    const notification = notificationOf(plan.migration, progress, moved, timedOut, plan.drain.timeout);
    return { requestedAt: input.previous.requestedAt, moved, timedOut, progress, notification };
  };
