import { newLease } from '../../domain/control-lease.ts';
import { type Control, type ControlRefusal, type ControlSituation, controlRefusal } from '../../domain/controls.ts';
import { type Plan, validatePlan } from '../../domain/plan.ts';
import { staleButtonRefusal } from '../../domain/stage-buttons.ts';
import { currentStageIndex } from '../../domain/transitions.ts';
import type { Clock, CreateOnlyFlags, ExecutionControl, Logger, RoutingStore } from '../../ports/index.ts';
import { isAlive, lockName } from '../lock/rollout-lock.ts';
import { readRouting } from '../routing/current-routing.ts';
import { acquireControlLock, releaseControlLock, type TakenOverControlLock } from './control-lock.ts';
import { controlRequestName, pausedName, readControlRequest, readPause } from './control-records.ts';
import type { HoldAnswer } from './resume-hold.ts';

export interface ApplyControlPorts {
  readonly routing: RoutingStore;
  readonly flags: CreateOnlyFlags;
  readonly executions: Pick<ExecutionControl, 'describeExecution' | 'executionInput'>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly prefix: string;
  /** Answers the held execution's pause task (src/controller/controls/resume-hold.ts). */
  readonly resumeHold: (migration: string, actor: string, reason: string) => Promise<HoldAnswer>;
}

export interface ApplyControlInput {
  readonly migration: string;
  readonly control: Control;
  /** Who asks: an IAM principal ARN (CLI) or a Slack user. */
  readonly actor: string;
  readonly reason: string;
  /** A Slack stage message's button: the stage it was posted for; a click after the rollout moved on is refused. */
  readonly buttonStageIndex?: number;
}

/** Set when this control found the control lock lapsed (its holder crashed) and replaced it. */
type TookOver = { readonly tookOver?: TakenOverControlLock };

export type ApplyControlOutcome =
  | ({ readonly kind: 'applied'; readonly control: Control; readonly situation: ControlSituation; readonly held?: HoldAnswer } & TookOver)
  /** Wrong phase or state: nothing was written. */
  | ({ readonly kind: 'refused'; readonly control: Control } & ControlRefusal & TookOver)
  /** Another control of this migration is being applied right now: nothing was written. */
  | ({ readonly kind: 'busy'; readonly control: Control; readonly message: string } & TookOver);

const planOf = (input: unknown): Plan | null => {
  const plan = typeof input === 'object' && input !== null ? (input as { plan?: unknown }).plan : undefined;
  const result = validatePlan(plan);
  return result.ok ? result.value : null;
};

/** The running rollout's plan (from its execution input), or null when none runs. */
export async function runningPlan(ports: Pick<ApplyControlPorts, 'flags' | 'executions' | 'prefix'>, migration: string): Promise<Plan | null> {
  const holder = await ports.flags.get(lockName(ports.prefix, migration));
  if (holder === null || !isAlive(await ports.executions.describeExecution(holder))) return null;
  return planOf(await ports.executions.executionInput(holder));
}

/** When the route's stage stops baking by the clock: its routing write plus the plan's bake. */
function bakeEnd(plan: Plan | null, updatedAt: string | undefined, stageIndex: number): number | null {
  const written = updatedAt === undefined ? Number.NaN : Date.parse(updatedAt);
  const bake = plan?.stages[stageIndex]?.bake;
  return bake === undefined || !Number.isFinite(written) ? null : written + bake * 1000;
}

async function situationOf(ports: ApplyControlPorts, migration: string): Promise<ControlSituation> {
  // One read after the other: under the control lock nothing else changes them, and the
  // order (route before records) is the one the state machine's checks observe.
  const { doc } = await readRouting(ports.routing, migration);
  const plan = await runningPlan(ports, migration);
  const paused = await readPause(ports.flags, ports.prefix, migration);
  const pending = await readControlRequest(ports.flags, ports.prefix, migration);
  const stageIndex = plan === null ? -1 : currentStageIndex(plan, doc);
  return {
    phase: doc?.phase ?? null,
    greenPercent: doc?.producers.greenPercent ?? 0,
    stageIndex,
    stageCount: plan?.stages.length ?? 0,
    running: plan !== null,
    paused,
    pending,
    approvers: plan !== null && (plan.approvers.users.length > 0 || plan.approvers.userGroup !== undefined),
    bakeEndsAt: bakeEnd(plan, doc?.updatedAt, stageIndex),
    now: ports.clock.now(),
  };
}

/**
 * Writes the pause or the request. Both are create-only: should two controls ever get past the
 * lock at once (a lock taken over from a holder that was only slow), one write still loses and
 * says so; false then, nothing written.
 */
async function write(ports: ApplyControlPorts, input: ApplyControlInput, s: ControlSituation): Promise<{ held?: HoldAnswer } | false> {
  const { migration, control, actor, reason } = input;
  const record = { by: actor, reason, at: new Date(ports.clock.now()).toISOString(), stageIndex: s.stageIndex };
  if (control === 'resume') {
    await ports.flags.remove(pausedName(ports.prefix, migration));
    return { held: await ports.resumeHold(migration, actor, reason) };
  }
  const created =
    control === 'pause'
      ? await ports.flags.create(pausedName(ports.prefix, migration), JSON.stringify(record))
      : await ports.flags.create(controlRequestName(ports.prefix, migration), JSON.stringify({ kind: control, ...record }));
  return created ? {} : false;
}

/**
 * One operator control: read the situation, judge it (src/domain/controls.ts), write the pause
 * or the request, or nothing when refused. Controls of one migration are serialised by the
 * control lock, a lease (src/controller/controls/control-lock.ts): a second control while the
 * first runs is refused, never interleaved; a lock left by a crashed command lapses.
 */
export const applyControl =
  (ports: ApplyControlPorts) =>
  async (input: ApplyControlInput): Promise<ApplyControlOutcome> => {
    const { migration, control } = input;
    const now = ports.clock.now();
    const lock = await acquireControlLock(ports.flags, ports.prefix, migration, newLease(input.actor, control, now), now);
    if (!lock.held) return { kind: 'busy', control, message: lock.message };
    const tookOver = lock.tookOver === null ? {} : { tookOver: lock.tookOver };
    if (lock.tookOver !== null) {
      const { from, acquiredAt, expiredAt } = lock.tookOver;
      ports.logger.warn('stale control lock taken over', {
        migration,
        control,
        by: input.actor,
        staleHolder: from,
        staleSince: acquiredAt,
        staleUntil: expiredAt,
      });
    }
    try {
      const situation = await situationOf(ports, migration);
      const refusal =
        controlRefusal(control, situation) ?? (input.buttonStageIndex === undefined ? null : staleButtonRefusal(control, input.buttonStageIndex, situation));
      if (refusal !== null) return { kind: 'refused', control, ...refusal, ...tookOver };
      const written = await write(ports, input, situation);
      if (written === false) return { kind: 'busy', control, message: `another control of ${migration} wrote its record meanwhile`, ...tookOver };
      ports.logger.info('operator control applied', { migration, control, by: input.actor, reason: input.reason, stageIndex: situation.stageIndex });
      return { kind: 'applied', control, situation, ...written, ...tookOver };
    } finally {
      await releaseControlLock(ports.flags, ports.prefix, migration, lock.token);
    }
  };
