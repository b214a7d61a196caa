/**
 * The base of every error kraft-canary throws (controller, adapters, CLI, rehearsal), as
 * KafkaJSError is of every kafkajs error: each subclass sets `name` (the state machine's
 * ErrorEquals matches it, and a test checks that every name the ASL uses is one of them), the
 * wrapped error stays as `cause`, and `retriable` says whether the same call may succeed later
 * without anyone changing anything. Each module keeps its own classes in its `errors.ts`.
 */

export interface KraftCanaryErrorOptions {
  readonly cause?: unknown;
  /** Throttling, a timeout, a broker away: trying the same call again may succeed. Default false. */
  readonly retriable?: boolean;
}

export class KraftCanaryError extends Error {
  override readonly name: string = 'KraftCanaryError';
  readonly retriable: boolean;
  constructor(message: string, options: KraftCanaryErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.retriable = options.retriable ?? false;
  }
}

/** Whether an error says that trying again may succeed (only kraft-canary's own errors can say so). */
export const isRetriable = (error: unknown): boolean => error instanceof KraftCanaryError && error.retriable;
