import { MIGRATION_ID } from '@kraft-canary/client/contract';
import { z } from 'zod';
import { type ControlDecision, decideBakeCheck } from '../../domain/control-decision.ts';
import type { Clock, CreateOnlyFlags, Logger } from '../../ports/index.ts';
import { parseStepInput } from '../step-input.ts';
import { controlRequestName, pausedName, readControlRequest, readPause } from './control-records.ts';

export interface CheckControlsPorts {
  readonly flags: CreateOnlyFlags;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly prefix: string;
}

/** The CheckControls state's input: the stage that bakes and since when. */
export const CheckControlsInputSchema = z.object({
  migration: z.string().regex(MIGRATION_ID),
  stageIndex: z.number().int().min(0).max(100),
  bakeSeconds: z.number().min(0),
  /**
   * The stage's routing write (ISO 8601): the bake runs from there. Absent for the check after
   * the drain of blue, which has no bake and may run in an execution that wrote no stage.
   */
  bakeStartedAt: z
    .string()
    .refine((s) => Number.isFinite(Date.parse(s)), 'must be an ISO 8601 instant')
    .optional(),
  /**
   * A pause hold just ended with a resume (the Resume button or `kraft-canary resume`): the
   * pause it held for (`pausedSince`, the record's `at`) is lifted; a newer pause stays.
   */
  resumed: z.object({ approver: z.string().min(1).max(256), pausedSince: z.string().max(64) }).optional(),
  /** Between two stages, and after the drain of blue, only the pause counts: nothing bakes. */
  between: z.boolean().default(false),
  /** Checks this bake made so far (the state machine carries the count from one check to the next). */
  checks: z.number().int().min(0).default(0),
});

export type CheckControlsInput = z.input<typeof CheckControlsInputSchema>;
/** The decision, and the checks made in this bake (a pause hold does not count). */
export type CheckControlsOutput = ControlDecision & { readonly checks: number };

async function liftPause(ports: CheckControlsPorts, migration: string, resumed: { approver: string; pausedSince: string }): Promise<void> {
  const paused = await readPause(ports.flags, ports.prefix, migration);
  if (paused === null || paused.at !== resumed.pausedSince) return;
  await ports.flags.remove(pausedName(ports.prefix, migration));
  ports.logger.info('pause lifted', { migration, resumedBy: resumed.approver, pausedBy: paused.by, pausedSince: paused.at });
}

/**
 * One control check while a stage bakes (ControlDecision branches on `kind`): wait and check
 * again, hold while paused, judge the gates (bake over or promoted), cut over, or step back. A
 * request taken up (or asked at a stage that is gone) is removed, so it acts once.
 */
export const checkControls =
  (ports: CheckControlsPorts) =>
  async (raw: unknown): Promise<CheckControlsOutput> => {
    const input = parseStepInput(CheckControlsInputSchema, raw, 'CheckControls');
    if (input.resumed !== undefined) await liftPause(ports, input.migration, input.resumed);
    const [paused, pending] = await Promise.all([
      readPause(ports.flags, ports.prefix, input.migration),
      input.between ? null : readControlRequest(ports.flags, ports.prefix, input.migration),
    ]);
    const now = ports.clock.now();
    const { decision, consumePending } = decideBakeCheck({
      stageIndex: input.stageIndex,
      bakeSeconds: input.bakeStartedAt === undefined ? 0 : input.bakeSeconds,
      bakeStartedAt: input.bakeStartedAt === undefined ? now : Date.parse(input.bakeStartedAt),
      now,
      paused,
      pending,
      checks: input.checks,
    });
    if (consumePending) {
      await ports.flags.remove(controlRequestName(ports.prefix, input.migration));
      ports.logger.info(
        decision.kind === 'bake' || (decision.kind === 'judge' && decision.promotedBy === null) ? 'stale control request dropped' : 'control request taken up',
        {
          migration: input.migration,
          request: pending?.kind ?? null,
          stageIndex: input.stageIndex,
        },
      );
    }
    if (decision.kind !== 'bake') ports.logger.info('control check', { migration: input.migration, stageIndex: input.stageIndex, decision: decision.kind });
    return { ...decision, checks: decision.kind === 'bake' ? input.checks + 1 : input.checks };
  };
