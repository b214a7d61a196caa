/** A Slack Web API call or response_url post that did not succeed. Carries no token or body. */
export class SlackApiError extends Error {
  override name = 'SlackApiError';
  /** Web API method (`chat.postMessage`) or `response_url`. */
  readonly method: string;
  /** Slack's error code (`channel_not_found`), an HTTP status, `timeout` or `network`. */
  readonly code: string;
  /** Rate limits, timeouts and 5xx: worth another attempt later. */
  readonly retriable: boolean;

  constructor(method: string, code: string, retriable: boolean, options?: { cause?: unknown }) {
    super(`Slack ${method} failed: ${code}`, options);
    this.method = method;
    this.code = code;
    this.retriable = retriable;
  }
}

/** The interaction payload is not a well-formed Slack block_actions payload. */
export class SlackPayloadError extends Error {
  override name = 'SlackPayloadError';
}
