import { z } from 'zod';
import type { Mover } from '../../domain/plan.ts';
import type { Clock, Logger, MoveHooks, Notification } from '../../ports/index.ts';
import { MoverHookNotAllowedError } from '../errors.ts';
import { ExecutionArnSchema, parseStepInput, planFrom } from '../step-input.ts';

export interface RequestMovesPorts {
  readonly hooks: MoveHooks;
  /** The function ARNs this deployment may invoke; IAM allows exactly these. */
  readonly allowedHooks: readonly string[];
  readonly clock: Clock;
  readonly logger: Logger;
}

export const RequestMovesInputSchema = z.object({ plan: z.unknown(), executionArn: ExecutionArnSchema });

export interface RequestMovesOutput {
  readonly requestedAt: number;
  /** Groups whose hook was invoked. */
  readonly hooked: string[];
  /** Groups a person is asked to move (in the notification). */
  readonly asked: string[];
  readonly notification: Notification;
}

function textOf(migration: string, movers: readonly Mover[], bootstrap: string): string {
  const lines = movers.map((m) =>
    m.move.lambda === undefined ? `• ${m.group} (${m.kind}): please restart it against green now` : `• ${m.group} (${m.kind}): its move hook was invoked`,
  );
  return [
    `${migration}: producers are all on green and blue is drained. Move these consumer groups to green (${bootstrap}), starting from green's earliest offsets (auto.offset.reset=earliest, no offsets copied):`,
    ...lines,
    'The rollout completes when each group reads green and has caught up.',
  ].join('\n');
}

/**
 * After the producer cutover and the drain of blue: asks for the move of every mover, by
 * invoking its hook (asynchronously) or by a Slack message to a person. The rollout then watches
 * green for the groups (ConfirmMoves). A retried step invokes the hooks again: hooks are idempotent.
 */
export const requestMoves =
  (ports: RequestMovesPorts) =>
  async (raw: unknown): Promise<RequestMovesOutput> => {
    const input = parseStepInput(RequestMovesInputSchema, raw, 'RequestMoves');
    const plan = planFrom(input.plan);
    const movers = plan.movers ?? [];
    const allowed = new Set(ports.allowedHooks);
    const refused = movers.find((m) => m.move.lambda !== undefined && !allowed.has(m.move.lambda));
    if (refused !== undefined) throw new MoverHookNotAllowedError(refused.group);
    const bootstrap = plan.clusters.green.bootstrap;
    const hooked: string[] = [];
    for (const m of movers) {
      if (m.move.lambda === undefined) continue;
      await ports.hooks.invoke(m.move.lambda, {
        type: 'kraft-canary.move',
        migration: plan.migration,
        group: m.group,
        kind: m.kind,
        cluster: 'green',
        bootstrap,
        startFrom: 'earliest',
        executionArn: input.executionArn,
      });
      hooked.push(m.group);
    }
    const asked = movers.filter((m) => m.move.slack === true).map((m) => m.group);
    ports.logger.info('moves requested', { migration: plan.migration, hooked: hooked.length, asked: asked.length });
    return {
      requestedAt: ports.clock.now(),
      hooked,
      asked,
      notification: { migration: plan.migration, kind: 'move', text: textOf(plan.migration, movers, bootstrap) },
    };
  };
