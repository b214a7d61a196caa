/** Errors of the rehearsal's local adapters and orchestration. */

/** A local cluster was asked for something MSK would refuse (unknown ARN, stale CurrentVersion). */
export class LocalClusterError extends Error {
  override readonly name = 'LocalClusterError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** The rehearsal could not run (local brokers would not start, a report could not be written). */
export class RehearsalError extends Error {
  override readonly name = 'RehearsalError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
