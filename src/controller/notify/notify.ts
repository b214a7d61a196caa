import { MIGRATION_ID } from '@kraft-canary/client/contract';
import { z } from 'zod';
import { BUTTON_CONTROLS } from '../../domain/stage-buttons.ts';
import type { Logger, Notification, Notifier } from '../../ports/index.ts';

export interface NotifyPorts {
  readonly notifier: Notifier;
  readonly logger: Logger;
}

const KINDS = ['routing-changed', 'gate-result', 'hold', 'rollback', 'drain', 'move', 'complete', 'decommission', 'approval', 'control'] as const;

export const NotificationSchema = z.object({
  migration: z.string().regex(MIGRATION_ID),
  kind: z.enum(KINDS),
  text: z.string().min(1).max(3000),
  fields: z.record(z.string().max(100), z.union([z.string().max(2000), z.number()])).optional(),
  controls: z
    .object({ stageIndex: z.number().int().min(0).max(100), offered: z.array(z.enum(BUTTON_CONTROLS)).max(BUTTON_CONTROLS.length) })
    .nullable()
    .optional(),
});

/**
 * Sends one notification. It never throws: a notification that cannot be read or sent is
 * logged and dropped, so that the rollout or the rollback that sent it goes on.
 */
export const notify =
  (ports: NotifyPorts) =>
  async (event: unknown): Promise<void> => {
    const parsed = NotificationSchema.safeParse(event);
    if (!parsed.success) {
      ports.logger.error('notification dropped: invalid input', { issues: parsed.error.issues.length });
      return;
    }
    const notification: Notification = parsed.data;
    try {
      await ports.notifier.notify(notification);
    } catch (error) {
      ports.logger.error('notification failed', { migration: notification.migration, kind: notification.kind, error: (error as Error).name });
    }
  };
