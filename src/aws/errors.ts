/**
 * Errors of the AWS adapters. The state machine retries `TransientAwsError` (throttling,
 * service faults, timeouts) with back-off after the SDK's own retries gave up; anything else
 * is an `AwsCallError` that goes to the state's Catch. Only the operation and the SDK error
 * name travel in messages: request bodies and raw messages may hold names of secrets.
 */
import type { RoutingSourceFailureKind } from '../ports.ts';

export class TransientAwsError extends Error {
  override readonly name = 'TransientAwsError';
  readonly operation: string;
  constructor(operation: string, errorName: string, options?: { cause?: unknown }) {
    super(`${operation} failed transiently (${errorName})`, options);
    this.operation = operation;
  }
}

export class AwsCallError extends Error {
  override readonly name = 'AwsCallError';
  readonly operation: string;
  readonly errorName: string;
  constructor(operation: string, errorName: string, options?: { cause?: unknown }) {
    super(`${operation} failed (${errorName})`, options);
    this.operation = operation;
    this.errorName = errorName;
  }
}

/** A routing document was refused before it reached SSM. */
export class InvalidRoutingWriteError extends Error {
  override readonly name = 'InvalidRoutingWriteError';
  constructor(message: string, options?: { cause?: unknown }) {
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
  name?: unknown;
  code?: unknown;
  $retryable?: unknown;
  $fault?: unknown;
}

export const errorName = (error: unknown): string => {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  if (typeof shape.name === 'string' && shape.name !== 'Error') return shape.name;
  return typeof shape.code === 'string' ? shape.code : 'UnknownError';
};

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
export class SecretUnavailableError extends Error {
  override readonly name = 'SecretUnavailableError';
  readonly parameter: string;
  constructor(parameter: string, options?: { cause?: unknown }) {
    super(`secret parameter ${parameter} is missing or empty`, options);
    this.parameter = parameter;
  }
}

/**
 * A routing document read failed. `kind` and `retriable` follow the RoutingSourceFailure port
 * so that the client's watcher backs off and reports without knowing about SSM.
 */
export class RoutingSourceReadError extends Error {
  override readonly name = 'RoutingSourceReadError';
  readonly kind: RoutingSourceFailureKind;
  readonly retriable: boolean;
  readonly errorName: string;
  constructor(kind: RoutingSourceFailureKind, errorName: string, options?: { cause?: unknown }) {
    super(`reading the routing document failed: ${kind} (${errorName})`, options);
    this.kind = kind;
    this.errorName = errorName;
    this.retriable = kind === 'throttled' || kind === 'unavailable' || kind === 'timeout';
  }
}
