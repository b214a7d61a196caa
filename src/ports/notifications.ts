/**
 * Notifications (Slack in src/slack/; a console or in-memory notifier locally) and the Slack
 * thread each migration's notifications go to (SSM String `<prefix>/<migration>/slack-thread`).
 */
import type { ButtonControl } from '../domain/stage-buttons.ts';

/** The control buttons a stage's message carries (Slack renders them; other notifiers ignore them). */
export interface StageControls {
  /** The stage the message is about: a click acts on this stage only. */
  readonly stageIndex: number;
  readonly offered: readonly ButtonControl[];
}

export interface Notification {
  readonly migration: string;
  readonly kind: 'routing-changed' | 'gate-result' | 'hold' | 'rollback' | 'drain' | 'move' | 'complete' | 'decommission' | 'approval' | 'control';
  /** Plain text, no secrets. */
  readonly text: string;
  readonly fields?: Readonly<Record<string, string | number>>;
  /** Set on a stage's routing notification (null when it offers none). */
  readonly controls?: StageControls | null;
}

export interface Notifier {
  notify(notification: Notification): Promise<void>;
}

/** Where a migration's notifications go: one Slack thread per migration. */
export interface NotificationThread {
  readonly channel: string;
  readonly ts: string;
}

export interface NotificationThreads {
  get(migration: string): Promise<NotificationThread | null>;
  put(migration: string, thread: NotificationThread): Promise<void>;
}
