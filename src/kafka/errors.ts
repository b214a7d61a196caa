/** Errors of the Kafka adapters. Messages carry the operation, never credentials. */

export class KafkaAdminError extends Error {
  override readonly name = 'KafkaAdminError';
  readonly operation: string;
  constructor(operation: string, detail: string, options?: { cause?: unknown }) {
    super(`${operation} failed: ${detail}`, options);
    this.operation = operation;
  }
}

export class KafkaCredentialsError extends Error {
  override readonly name = 'KafkaCredentialsError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
