import { err, ok, type Result } from './contract/result.ts';
import { RoutingReadTimeoutError } from './errors.ts';
import type { RoutingSource, RoutingSourceFailureKind, Timers } from './ports.ts';

export interface RoutingFailure {
  readonly kind: RoutingSourceFailureKind;
  readonly retriable: boolean;
  /** The failing error's name (e.g. RoutingSourceReadError, RoutingReadTimeoutError). */
  readonly errorName: string;
  /** The error itself, for in-process observers; never log it raw. */
  readonly error: unknown;
}

const KINDS: readonly RoutingSourceFailureKind[] = ['throttled', 'unavailable', 'timeout', 'access-denied', 'other'];

/** Reads the failure kind that a RoutingSource adapter attached (see RoutingSourceFailure). */
export function failureOf(error: unknown): RoutingFailure {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as { kind?: unknown; retriable?: unknown; name?: unknown };
  const kind = KINDS.find((k) => k === shape.kind) ?? 'other';
  const retriable = typeof shape.retriable === 'boolean' ? shape.retriable : kind !== 'access-denied' && kind !== 'other';
  return { kind, retriable, errorName: typeof shape.name === 'string' ? shape.name : 'UnknownError', error };
}

/**
 * One read bounded by `timeoutMs`: the source gets an AbortSignal, and a source that ignores
 * it is abandoned all the same (its late answer is dropped). Never throws.
 */
export async function readWithTimeout(source: RoutingSource, timeoutMs: number, timers: Timers): Promise<Result<string | null, RoutingFailure>> {
  const controller = new AbortController();
  let handle: unknown = null;
  const timedOut = new Promise<never>((_, reject) => {
    handle = timers.setTimeout(() => {
      const error = new RoutingReadTimeoutError(timeoutMs);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  try {
    const read = Promise.resolve().then(() => source.fetch(controller.signal));
    read.catch(() => undefined);
    const text = await Promise.race([read, timedOut]);
    return ok(text);
  } catch (error) {
    return err(controller.signal.aborted ? { ...failureOf(error), kind: 'timeout', retriable: true } : failureOf(error));
  } finally {
    timers.clearTimeout(handle);
  }
}
