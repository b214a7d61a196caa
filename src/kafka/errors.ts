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
