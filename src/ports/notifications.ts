/**
 * Notifications (Slack in src/slack/; a console or in-memory notifier locally) and the Slack
 * thread each migration's notifications go to (SSM String `<prefix>/<migration>/slack-thread`).
 */

export interface Notification {
  readonly migration: string;
  readonly kind: 'routing-changed' | 'gate-result' | 'hold' | 'rollback' | 'drain' | 'move' | 'complete' | 'decommission' | 'approval';
  /** Plain text, no secrets. */
  readonly text: string;
  readonly fields?: Readonly<Record<string, string | number>>;
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
