import { z } from 'zod';
import type { ControlRequest, PauseRecord } from '../../domain/controls.ts';
import type { CreateOnlyFlags } from '../../ports/index.ts';

/**
 * The operator controls' records, create-only flags beside the rollout lock: a pause holds until
 * resumed; one promote or step-back request waits for the state machine's next control check;
 * the control lock serialises the commands themselves.
 */
export const pausedName = (prefix: string, migration: string): string => `${prefix}/${migration}/paused`;
export const controlRequestName = (prefix: string, migration: string): string => `${prefix}/${migration}/control`;
export const controlLockName = (prefix: string, migration: string): string => `${prefix}/${migration}/control-lock`;

const Text = z.string().min(1).max(1024);
const PauseSchema = z.object({ by: Text, reason: Text, at: Text, stageIndex: z.number().int().min(-1).max(100) });
const RequestSchema = PauseSchema.extend({ kind: z.enum(['promote', 'promote-full', 'step-back']) });

const parsed = <T>(schema: z.ZodType<T>, raw: string): T | null => {
  try {
    const result = schema.safeParse(JSON.parse(raw));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
};

/**
 * The pause record, or null. A value that cannot be read still pauses (fail safe: a rollout
 * that holds by mistake is resumed with one command; one that moves by mistake is not undone).
 */
export async function readPause(flags: CreateOnlyFlags, prefix: string, migration: string): Promise<PauseRecord | null> {
  const raw = await flags.get(pausedName(prefix, migration));
  if (raw === null) return null;
  return parsed(PauseSchema, raw) ?? { by: 'unknown', reason: 'unreadable pause record', at: 'unknown', stageIndex: -1 };
}

/** The pending promote or step-back; an unreadable one is dropped by the next check (null here). */
export async function readControlRequest(flags: CreateOnlyFlags, prefix: string, migration: string): Promise<ControlRequest | null> {
  const raw = await flags.get(controlRequestName(prefix, migration));
  return raw === null ? null : (parsed(RequestSchema, raw) ?? { kind: 'promote', by: 'unknown', reason: 'unreadable', at: 'unknown', stageIndex: -2 });
}
