import type { Logger, Notification, NotificationThread, NotificationThreads, Notifier } from '../ports/index.ts';
import { SlackApiError } from './errors.ts';
import { BROADCAST_KINDS, renderNotification, renderThreadRoot } from './notification-message.ts';
import type { SlackWebApi } from './web-api.ts';

export interface SlackNotifierOptions {
  readonly api: SlackWebApi;
  readonly threads: NotificationThreads;
  readonly logger: Logger;
  /** The plan's channel when the caller knows it; otherwise the migration's stored thread decides. */
  readonly channel?: string | null;
}

/**
 * Posts each notification as a reply in the migration's thread. It never throws: a Slack outage
 * must not fail a rollout step or a rollback, so failures are logged (code only) and dropped.
 */
export function createSlackNotifier(options: SlackNotifierOptions): Notifier {
  const { api, threads, logger } = options;

  const threadFor = async (migration: string): Promise<NotificationThread | null> => {
    const stored = await threads.get(migration);
    const channel = options.channel ?? stored?.channel ?? null;
    if (channel === null) return null;
    if (stored !== null && stored.channel === channel) return stored;
    const root = renderThreadRoot(migration);
    const posted = await api.postMessage({ channel, text: root.text, blocks: root.blocks });
    const thread = { channel: posted.channel, ts: posted.ts };
    await threads.put(migration, thread);
    return thread;
  };

  return {
    async notify(notification: Notification) {
      const fields = { migration: notification.migration, kind: notification.kind };
      try {
        const thread = await threadFor(notification.migration);
        if (thread === null) {
          logger.warn('notification skipped: no Slack channel known for the migration', fields);
          return;
        }
        const message = renderNotification(notification);
        await api.postMessage({
          channel: thread.channel,
          threadTs: thread.ts,
          broadcast: BROADCAST_KINDS.has(notification.kind),
          text: message.text,
          blocks: message.blocks,
        });
        logger.info('notification posted', fields);
      } catch (error) {
        const code = error instanceof SlackApiError ? error.code : (error as Error).name;
        logger.error('notification failed', { ...fields, error: code });
      }
    },
  };
}
