import type { Phase } from '@kraft-canary/client/contract';

/** The operator controls of a running rollout, as `kubectl argo rollouts` offers them. */
export const CONTROLS = ['pause', 'resume', 'promote', 'promote-full', 'step-back'] as const;
export type Control = (typeof CONTROLS)[number];

/** A one-shot request the state machine takes up at its next control check (one at a time). */
export type RequestedControl = 'promote' | 'promote-full' | 'step-back';

/** Who paused the rollout, when and why: held until someone resumes it. */
export interface PauseRecord {
  readonly by: string;
  readonly reason: string;
  /** ISO 8601. */
  readonly at: string;
  /** The stage (0-based) the route was at when paused. */
  readonly stageIndex: number;
}

/** A promote or step-back waiting for the state machine, bound to the stage it was asked at. */
export interface ControlRequest {
  readonly kind: RequestedControl;
  readonly by: string;
  readonly reason: string;
  /** ISO 8601. */
  readonly at: string;
  readonly stageIndex: number;
}

/** What a control is judged against: the routing document, the plan's stages, the records. */
export interface ControlSituation {
  /** The routing document's phase; null before any document. */
  readonly phase: Phase | null;
  readonly greenPercent: number;
  /** 0-based stage of the route (currentStageIndex); -1 before the first stage. */
  readonly stageIndex: number;
  readonly stageCount: number;
  /** A rollout execution holds the lock and runs: only it takes up a promote or step-back. */
  readonly running: boolean;
  readonly paused: PauseRecord | null;
  readonly pending: ControlRequest | null;
  /** The plan names approvers (users or a user group): `promote --full` needs one to confirm. */
  readonly approvers: boolean;
  /**
   * Epoch ms at which the current stage's bake ends by the clock (its routing write plus the
   * plan's bake); null when no rollout runs. Past it the rollout judges the gates, waits for an
   * approval or drains blue: nothing bakes that a promote could end or a step back could leave.
   */
  readonly bakeEndsAt: number | null;
  /** Epoch ms: when the situation was read. */
  readonly now: number;
}

export interface ControlRefusal {
  readonly code:
    | 'wrong-phase'
    | 'not-running'
    | 'paused'
    | 'not-paused'
    | 'already-paused'
    | 'pending'
    | 'first-stage'
    | 'not-baking'
    | 'no-approvers'
    | 'stage-moved';
  /** One line naming the phase. */
  readonly message: string;
}

/** "phase canary, 50% green, stage 2 of 4": where a refusal says the migration is. */
export const situationText = (s: ControlSituation): string =>
  s.phase === null
    ? 'phase none, no routing document'
    : `phase ${s.phase}, ${s.greenPercent}% green${s.stageIndex >= 0 ? `, stage ${s.stageIndex + 1} of ${s.stageCount}` : ''}`;

/**
 * The phases in which each control may act; resume is judged by the pause record alone. Before
 * the first stage nothing bakes to hold: a rollout not yet started is simply not started.
 */
const PHASES: Readonly<Record<Exclude<Control, 'resume'>, readonly Phase[]>> = {
  pause: ['canary', 'draining'],
  promote: ['canary', 'draining'],
  'promote-full': ['canary'],
  'step-back': ['canary'],
};

export const refuse = (code: ControlRefusal['code'], message: string): ControlRefusal => ({ code, message });

/** The control as a verb: "step back", "promote --full". */
export const verbOf = (control: Control): string => (control === 'promote-full' ? 'promote --full' : control.replace('-', ' '));

function requestRefusal(control: RequestedControl, s: ControlSituation): ControlRefusal | null {
  const at = situationText(s);
  if (s.paused !== null) return refuse('paused', `cannot ${control} while paused by ${s.paused.by} (${at}): resume first`);
  if (!s.running) return refuse('not-running', `cannot ${control}: no rollout execution runs (${at}); start the rollout first`);
  if (s.pending !== null) return refuse('pending', `cannot ${control}: a ${s.pending.kind} by ${s.pending.by} is still pending (${at})`);
  if (control === 'step-back' && s.stageIndex < 1) {
    return refuse('first-stage', `cannot step back from the first stage (${at}): no earlier stage; roll back to reach 0% green`);
  }
  if (s.bakeEndsAt !== null && s.now >= s.bakeEndsAt) {
    const after = s.phase === 'draining' ? 'the drain of blue follows, which no control shortens' : 'the gates are judged or an approval waits';
    return refuse(
      'not-baking',
      `cannot ${verbOf(control)}: the bake of stage ${s.stageIndex + 1} ended at ${new Date(s.bakeEndsAt).toISOString()} (${at}); ${after}`,
    );
  }
  if (control === 'promote-full' && !s.approvers) {
    return refuse('no-approvers', `cannot promote --full (${at}): the plan names no approvers to confirm the cutover`);
  }
  return null;
}

/**
 * Why a control may not act now, or null when it may. Pure: the caller reads the situation
 * under the control lock and writes nothing when refused.
 */
export function controlRefusal(control: Control, s: ControlSituation): ControlRefusal | null {
  if (control === 'resume') return s.paused === null ? refuse('not-paused', `cannot resume: not paused (${situationText(s)})`) : null;
  if (s.phase === null || !PHASES[control].includes(s.phase)) return refuse('wrong-phase', `cannot ${verbOf(control)} in ${situationText(s)}`);
  if (control === 'pause')
    return s.paused === null ? null : refuse('already-paused', `already paused by ${s.paused.by} at ${s.paused.at} (${situationText(s)})`);
  return requestRefusal(control, s);
}
