import { KraftCanaryError, type KraftCanaryErrorOptions } from '../errors.ts';

/** The registry answered with an HTTP error; `errorCode` is its `error_code` (e.g. 40401). */
export class SchemaRegistryHttpError extends KraftCanaryError {
  override readonly name = 'SchemaRegistryHttpError';
  readonly status: number;
  readonly errorCode: number | undefined;

  constructor(message: string, status: number, errorCode: number | undefined, options?: KraftCanaryErrorOptions) {
    super(message, options);
    this.status = status;
    this.errorCode = errorCode;
  }
}

/** The registry did not answer in time: retriable. */
export class SchemaRegistryTimeoutError extends KraftCanaryError {
  override readonly name = 'SchemaRegistryTimeoutError';
  constructor(message: string, options?: KraftCanaryErrorOptions) {
    super(message, { ...options, retriable: true });
  }
}

/** No HTTP answer at all: DNS, TLS or connection failure; retriable. */
export class SchemaRegistryUnreachableError extends KraftCanaryError {
  override readonly name = 'SchemaRegistryUnreachableError';
  constructor(message: string, options?: KraftCanaryErrorOptions) {
    super(message, { ...options, retriable: true });
  }
}

/** An answer that does not have the shape of the Confluent REST API. */
export class SchemaRegistryResponseError extends KraftCanaryError {
  override readonly name = 'SchemaRegistryResponseError';
}

/** The stored registry login is unusable; the message names the parameter, never its value. */
export class SchemaRegistryCredentialsError extends KraftCanaryError {
  override readonly name = 'SchemaRegistryCredentialsError';
}
