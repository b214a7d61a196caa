import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { DEFAULT_PARAMETER_PREFIX, routingParameterName } from '../contract/parameter-name.ts';
import { RoutingSourceReadError } from '../errors.ts';
import type { RoutingSource, RoutingSourceFailureKind } from '../ports.ts';
import { errorName } from './sdk-error-name.ts';

const THROTTLED = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'ThrottledException', 'RequestLimitExceeded']);
const ACCESS_DENIED = new Set([
  'AccessDeniedException',
  'AccessDenied',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'CredentialsProviderError',
]);
const TIMEOUT = new Set(['AbortError', 'TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'ETIMEDOUT']);
const UNAVAILABLE = new Set(['InternalServerError', 'InternalFailure', 'ServiceUnavailable', 'ServiceUnavailableException', 'ECONNRESET', 'EPIPE']);

interface SdkFailureShape {
  $fault?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/** Classifies a GetParameter failure for the routing watcher's back-off and events. */
export function routingFailureKind(error: unknown, signal?: AbortSignal): RoutingSourceFailureKind {
  const name = errorName(error);
  if (signal?.aborted || TIMEOUT.has(name)) return 'timeout';
  if (THROTTLED.has(name)) return 'throttled';
  if (ACCESS_DENIED.has(name)) return 'access-denied';
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkFailureShape;
  const status = shape.$metadata?.httpStatusCode;
  if (UNAVAILABLE.has(name) || shape.$fault === 'server' || (typeof status === 'number' && status >= 500)) return 'unavailable';
  return 'other';
}

/**
 * How a service reads its routing document: one GetParameter per poll. A missing parameter is
 * not an error (the client then keeps its last good document or the static default). Other
 * failures become a RoutingSourceReadError whose `kind` drives the watcher's back-off.
 *
 * Give it an SSMClient with few SDK attempts (e.g. `maxAttempts: 2`): the watcher already
 * backs off between polls with jitter, and its per-call timeout bounds the SDK's retries.
 */
export class SsmRoutingSource implements RoutingSource {
  readonly #client: SSMClient;
  readonly #name: string;

  constructor(client: SSMClient, migration: string, prefix: string = DEFAULT_PARAMETER_PREFIX) {
    this.#client = client;
    this.#name = routingParameterName(prefix, migration);
  }

  get parameterName(): string {
    return this.#name;
  }

  async fetch(signal?: AbortSignal): Promise<string | null> {
    try {
      const output = await this.#client.send(new GetParameterCommand({ Name: this.#name }), { abortSignal: signal });
      return output.Parameter?.Value ?? null;
    } catch (error) {
      if (errorName(error) === 'ParameterNotFound') return null;
      throw new RoutingSourceReadError(routingFailureKind(error, signal), errorName(error), { cause: error });
    }
  }
}
