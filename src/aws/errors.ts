/**
 * Errors of the AWS adapters. The state machine retries `TransientAwsError` (throttling,
 * service faults, timeouts) with back-off after the SDK's own retries gave up; anything else
 * is an `AwsCallError` that goes to the state's Catch. Only the operation and the SDK error
 * name travel in messages: request bodies and raw messages may hold names of secrets.
 */
import { errorName } from '@kraft-canary/client/ssm';
import { KraftCanaryError, type KraftCanaryErrorOptions } from '../errors.ts';

export class TransientAwsError extends KraftCanaryError {
  override readonly name = 'TransientAwsError';
  readonly operation: string;
  constructor(operation: string, errorName: string, options?: KraftCanaryErrorOptions) {
    super(`${operation} failed transiently (${errorName})`, { ...options, retriable: true });
    this.operation = operation;
  }
}

export class AwsCallError extends KraftCanaryError {
  override readonly name = 'AwsCallError';
  readonly operation: string;
  readonly errorName: string;
  constructor(operation: string, errorName: string, options?: KraftCanaryErrorOptions) {
    super(`${operation} failed (${errorName})`, options);
    this.operation = operation;
    this.errorName = errorName;
  }
}

/** A routing document was refused before it reached SSM. */
export class InvalidRoutingWriteError extends KraftCanaryError {
  override readonly name = 'InvalidRoutingWriteError';
  constructor(message: string, options?: KraftCanaryErrorOptions) {
    super(message, options);
  }
}

const TRANSIENT_NAMES = new Set([
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'ThrottledException',
  'RequestLimitExceeded',
  'InternalServerError',
  'InternalServerErrorException',
  'InternalFailure',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
]);

interface SdkErrorShape {
  $retryable?: unknown;
  $fault?: unknown;
}

export { errorName };

export function isTransient(error: unknown): boolean {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  return Boolean(shape.$retryable) || shape.$fault === 'server' || TRANSIENT_NAMES.has(errorName(error));
}

/** The host a call got no answer from (set by src/aws/aws-client.ts), for the error message. */
const unreachable = (error: unknown): string | null => {
  const endpoint = (error as { endpoint?: unknown } | null)?.endpoint;
  return typeof endpoint === 'string' ? endpoint : null;
};

/**
 * Maps an SDK failure to the adapter's error types, keeping the original as `cause`. A call
 * that got no answer names the endpoint, so a missing VPC endpoint or NAT route is obvious.
 */
export function translateAwsError(operation: string, error: unknown): Error {
  const name = errorName(error);
  const translated = isTransient(error) ? new TransientAwsError(operation, name, { cause: error }) : new AwsCallError(operation, name, { cause: error });
  const host = unreachable(error);
  if (host !== null) translated.message = `${translated.message}: no answer from ${host} (is there a VPC endpoint or a NAT route to it?)`;
  return translated;
}

/** A secret parameter (Slack signing secret, bot token) is missing or empty. Names it, never its value. */
export class SecretUnavailableError extends KraftCanaryError {
  override readonly name = 'SecretUnavailableError';
  readonly parameter: string;
  constructor(parameter: string, options?: KraftCanaryErrorOptions) {
    super(`secret parameter ${parameter} is missing or empty`, options);
    this.parameter = parameter;
  }
}
