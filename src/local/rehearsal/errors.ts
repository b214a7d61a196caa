/** Errors of the rehearsal's local adapters and orchestration. */
import { KraftCanaryError, type KraftCanaryErrorOptions } from '../../errors.ts';

/** A local cluster was asked for something MSK would refuse (unknown ARN, stale CurrentVersion). */
export class LocalClusterError extends KraftCanaryError {
  override readonly name = 'LocalClusterError';
  constructor(message: string, options?: KraftCanaryErrorOptions) {
    super(message, options);
  }
}

/** The rehearsal could not run (local brokers would not start, a report could not be written). */
export class RehearsalError extends KraftCanaryError {
  override readonly name: string = 'RehearsalError';
  constructor(message: string, options?: KraftCanaryErrorOptions) {
    super(message, options);
  }
}

/** The fleet never kept up before the rollout: no rollout was started. */
export class FleetNotReadyError extends RehearsalError {
  override readonly name = 'FleetNotReadyError';
}
