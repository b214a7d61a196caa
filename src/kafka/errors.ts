/** Errors of the Kafka adapters. Messages carry the operation, never credentials. */
import { KraftCanaryError, type KraftCanaryErrorOptions } from '../errors.ts';

/** The brokers could not be reached or refused an admin call: retriable, the state machine retries it. */
export class KafkaAdminError extends KraftCanaryError {
  override readonly name = 'KafkaAdminError';
  readonly operation: string;
  constructor(operation: string, detail: string, options?: KraftCanaryErrorOptions) {
    super(`${operation} failed: ${detail}`, { ...options, retriable: true });
    this.operation = operation;
  }
}

export class KafkaCredentialsError extends KraftCanaryError {
  override readonly name = 'KafkaCredentialsError';
  constructor(message: string, options?: KraftCanaryErrorOptions) {
    super(message, options);
  }
}

/** A routing document could not be written to a cluster's control topic (best effort: reported, never fatal). */
export class ControlPublishError extends KraftCanaryError {
  override readonly name = 'ControlPublishError';
  constructor(cluster: string, reason: string, options?: { cause?: unknown }) {
    super(`publishing to the control topic on ${cluster} failed: ${reason}`, { ...options, retriable: true });
  }
}
