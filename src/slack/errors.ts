import { KraftCanaryError } from '../errors.ts';

/** A Slack Web API call or response_url post that did not succeed. Carries no token or body. */
export class SlackApiError extends KraftCanaryError {
  override readonly name = 'SlackApiError';
  /** Web API method (`chat.postMessage`) or `response_url`. */
  readonly method: string;
  /** Slack's error code (`channel_not_found`), an HTTP status, `timeout` or `network`. */
  readonly code: string;

  /** `retriable`: rate limits, timeouts and 5xx are worth another attempt later. */
  constructor(method: string, code: string, retriable: boolean, options?: { cause?: unknown }) {
    super(`Slack ${method} failed: ${code}`, { ...options, retriable });
    this.method = method;
    this.code = code;
  }
}

/** The interaction payload is not a well-formed Slack block_actions payload. */
export class SlackPayloadError extends KraftCanaryError {
  override readonly name = 'SlackPayloadError';
}
