import { BUTTON_CONTROLS, type ButtonControl } from '../domain/stage-buttons.ts';
import type { StageControls } from '../ports/index.ts';
import { type Block, confirmDialog } from './block-kit.ts';

/**
 * The Pause / Promote / Step back buttons of a stage's message. The value is
 * `<control>:<stageIndex>` and nothing else; the migration rides in the actions block's
 * block_id, as on the approval buttons. Every click is verified, authorised against the running
 * plan's approvers and judged again by the same use case as the CLI (src/controller/controls/).
 */
export const CONTROLS_BLOCK_PREFIX = 'kraft-canary-control:';

export const controlActionId = (control: ButtonControl): string => `kraft-canary-control-${control}`;

export interface ControlButtonRef {
  readonly migration: string;
  readonly control: ButtonControl;
  /** 0-based: the stage the message was posted for. */
  readonly stageIndex: number;
}

const LABEL: Record<ButtonControl, string> = { pause: 'Pause', promote: 'Promote', 'step-back': 'Step back' };

/** The confirmation each button asks first, in Slack's own dialog (Pause needs none: it only holds). */
function confirmation(control: ButtonControl, migration: string, stage: number) {
  if (control === 'promote') {
    return confirmDialog(
      `Promote ${migration}?`,
      `Ends stage ${stage}'s bake now. Its gates are still judged (a failing gate rolls back) and its approval, if any, is still asked.`,
      'Promote',
      'primary',
    );
  }
  if (control === 'step-back') {
    return confirmDialog(
      `Step ${migration} back?`,
      `Returns producers to the percentage of stage ${stage - 1} (a new revision; consumers keep reading both clusters). That stage then bakes and is judged again.`,
      'Step back',
      'danger',
    );
  }
  return null;
}

/** The actions block for the offered controls, or null when the stage offers none. */
export function controlButtons(migration: string, controls: StageControls): Block | null {
  const offered = BUTTON_CONTROLS.filter((c) => controls.offered.includes(c));
  if (offered.length === 0) return null;
  const stage = controls.stageIndex + 1;
  return {
    type: 'actions',
    block_id: `${CONTROLS_BLOCK_PREFIX}${migration}`,
    elements: offered.map((control) => {
      const confirm = confirmation(control, migration, stage);
      return {
        type: 'button',
        action_id: controlActionId(control),
        text: { type: 'plain_text', text: LABEL[control] },
        value: `${control}:${controls.stageIndex}`,
        ...(control === 'step-back' ? { style: 'danger' } : {}),
        ...(confirm === null ? {} : { confirm }),
      };
    }),
  };
}

const isControl = (value: string): value is ButtonControl => (BUTTON_CONTROLS as readonly string[]).includes(value);

/** Reads a clicked control button back; null when it is not one of ours or was altered. */
export function parseControlButton(blockId: string, actionId: string, value: string): ControlButtonRef | null {
  if (!blockId.startsWith(CONTROLS_BLOCK_PREFIX)) return null;
  const migration = blockId.slice(CONTROLS_BLOCK_PREFIX.length);
  const [control, stage, ...rest] = value.split(':');
  if (control === undefined || stage === undefined || rest.length > 0 || !isControl(control) || actionId !== controlActionId(control)) return null;
  if (!/^\d{1,3}$/.test(stage)) return null;
  return { migration, control, stageIndex: Number(stage) };
}
