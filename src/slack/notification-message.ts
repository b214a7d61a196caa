import type { Notification } from '../ports/index.ts';
import { type Block, escapeText, fieldsSection, section } from './block-kit.ts';
import { controlButtons } from './control-buttons.ts';

const EMOJI: Record<Notification['kind'], string> = {
  'routing-changed': ':twisted_rightwards_arrows:',
  'gate-result': ':bar_chart:',
  hold: ':double_vertical_bar:',
  rollback: ':rotating_light:',
  drain: ':hourglass_flowing_sand:',
  move: ':truck:',
  complete: ':checkered_flag:',
  decommission: ':wastebasket:',
  approval: ':raised_hand:',
  control: ':joystick:',
};

/** Kinds worth the whole channel's attention, not only the thread's followers. */
export const BROADCAST_KINDS: ReadonlySet<Notification['kind']> = new Set(['rollback', 'hold', 'move', 'complete', 'decommission']);

export function renderNotification(notification: Notification): { text: string; blocks: Block[] } {
  const text = `${EMOJI[notification.kind]} ${escapeText(notification.text)}`;
  const entries = Object.entries(notification.fields ?? {});
  const blocks: Block[] = [section(text)];
  if (entries.length > 0) {
    blocks.push(fieldsSection(entries.map(([key, value]) => `*${escapeText(key)}*\n${escapeText(String(value))}`)));
  }
  const buttons = notification.controls ? controlButtons(notification.migration, notification.controls) : null;
  if (buttons !== null) blocks.push(buttons);
  return { text: `[${notification.migration}] ${escapeText(notification.text)}`, blocks };
}

/** The thread's first message: one per migration, every later notification replies to it. */
export function renderThreadRoot(migration: string): { text: string; blocks: Block[] } {
  const text = `kraft-canary: migration \`${escapeText(migration)}\``;
  return {
    text: `kraft-canary: migration ${migration}`,
    blocks: [section(`${text}\nRouting changes, gate results, rollbacks and completion follow in this thread.`)],
  };
}
