/**
 * Every AWS SDK client of kraft-canary is built here, with a connection timeout and a request
 * timeout. The SDK's defaults wait for the operating system: a Lambda in a private subnet with
 * neither a VPC endpoint nor a NAT route to the service would hang until the function's own
 * timeout (up to 5 minutes) and fail with "Task timed out", saying nothing about why. With
 * these timeouts a missing route fails within seconds, after the SDK's own retries, with an
 * error that names the endpoint it could not reach (see translateAwsError).
 */

/** No TCP connection within this time: the route is missing (no VPC endpoint, no NAT). */
export const CONNECTION_TIMEOUT_MS = 3_000;
/** No answer on an open connection within this time. Every call kraft-canary makes is small. */
export const REQUEST_TIMEOUT_MS = 20_000;

export interface ClientTimeouts {
  readonly connectionTimeoutMs: number;
  readonly requestTimeoutMs: number;
}

export const DEFAULT_TIMEOUTS: ClientTimeouts = { connectionTimeoutMs: CONNECTION_TIMEOUT_MS, requestTimeoutMs: REQUEST_TIMEOUT_MS };

/** The property a failed call's error gets: the host it could not reach. */
export const ENDPOINT_PROPERTY = 'endpoint';

type Next = (args: { request?: unknown }) => Promise<unknown>;
interface MiddlewareStack {
  add(middleware: (next: Next) => Next, options: { step: 'deserialize'; name: string }): void;
}

const hostOf = (request: unknown): string | null => {
  const host = (request as { hostname?: unknown } | undefined)?.hostname;
  return typeof host === 'string' && host !== '' ? host : null;
};

/** True when no HTTP response came back at all (timeout, refused, unreachable, DNS). */
const noResponse = (error: unknown): boolean => {
  const shape = error as { $metadata?: { httpStatusCode?: unknown }; $response?: unknown } | null;
  return typeof shape === 'object' && shape !== null && shape.$response === undefined && shape.$metadata?.httpStatusCode === undefined;
};

/**
 * Innermost middleware (next to the HTTP handler): a call that got no response carries the
 * host it tried, as `error.endpoint` and in its message. The error keeps its name and code,
 * so the SDK's retry strategy still recognises a timeout.
 */
export const nameEndpointOnFailure =
  (next: Next): Next =>
  async (args) => {
    try {
      return await next(args);
    } catch (error) {
      const host = hostOf(args.request);
      if (host !== null && error instanceof Error && noResponse(error) && !(ENDPOINT_PROPERTY in error)) {
        Object.assign(error, { [ENDPOINT_PROPERTY]: host });
        error.message = `${error.message} (endpoint ${host})`;
      }
      throw error;
    }
  };

/**
 * `new Client(config)` with both timeouts and the endpoint-naming middleware. Every client in
 * functions/ and src/ is made through this (a test scans for any that is not).
 */
export function awsClient<C extends { middlewareStack: object }, Config extends object>(
  Client: new (config: Config) => C,
  config?: Config,
  timeouts: ClientTimeouts = DEFAULT_TIMEOUTS,
): C {
  // Without throwOnRequestTimeout the Node handler only logs a warning when requestTimeout passes.
  const requestHandler = { connectionTimeout: timeouts.connectionTimeoutMs, requestTimeout: timeouts.requestTimeoutMs, throwOnRequestTimeout: true };
  const client = new Client({ ...(config ?? ({} as Config)), requestHandler });
  // The SDK's stack is typed per client; this middleware only reads `request.hostname`.
  (client.middlewareStack as MiddlewareStack).add(nameEndpointOnFailure, { step: 'deserialize', name: 'kraftCanaryNameEndpointOnFailure' });
  return client;
}
