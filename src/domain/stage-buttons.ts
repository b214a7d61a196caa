import type { Phase } from '@kraft-canary/client/contract';
import { type Control, type ControlRefusal, type ControlSituation, controlRefusal, type PauseRecord, refuse, situationText, verbOf } from './controls.ts';

/**
 * The controls a stage's Slack message offers as buttons. Resume lives on the pause message
 * (it answers the hold); `promote --full` keeps its typed confirmation on the CLI and its
 * approver's confirmation in Slack.
 */
export const BUTTON_CONTROLS = ['pause', 'promote', 'step-back'] as const;
export type ButtonControl = (typeof BUTTON_CONTROLS)[number];

/** What a stage message knows when it is posted: the route just written. */
export interface StageButtonsView {
  readonly phase: Phase;
  readonly greenPercent: number;
  /** 0-based. */
  readonly stageIndex: number;
  readonly stageCount: number;
  readonly paused: PauseRecord | null;
}

/**
 * The buttons a stage message shows: the controls the rules allow right after the stage's
 * write, during the canary only: none after the cutover (`kraft-canary pause` still holds a
 * rollout there, before completion), no Step back at the first stage, no Promote while paused. A click is judged again when it comes: a button left on an older
 * message is refused, never acted on.
 */
export function stageButtons(view: StageButtonsView): ButtonControl[] {
  if (view.phase !== 'canary') return [];
  const situation: ControlSituation = {
    ...view,
    running: true,
    pending: null,
    approvers: true,
    bakeEndsAt: null,
    now: 0,
  };
  return BUTTON_CONTROLS.filter((control) => controlRefusal(control, situation) === null);
}

/** A click on a stage message acts only on that stage: once the rollout moved on, its buttons are stale. */
export function staleButtonRefusal(control: Control, buttonStageIndex: number, s: ControlSituation): ControlRefusal | null {
  if (s.stageIndex === buttonStageIndex) return null;
  const now = s.stageIndex < 0 ? 'at no stage' : `at stage ${s.stageIndex + 1}`;
  return refuse(
    'stage-moved',
    `cannot ${verbOf(control)}: this button is for stage ${buttonStageIndex + 1}, the rollout is ${now} (${situationText(s)}); use the buttons of the newest stage message`,
  );
}
