import type { Clock, Logger, SecretSource } from '../ports/index.ts';
import { verifySlackSignature } from './verify-signature.ts';

/** The parts of an API Gateway HTTP API (payload 2.0) event that Slack verification reads. */
export interface HttpApiEvent {
  headers?: Readonly<Record<string, string | undefined>>;
  body?: string | null;
  isBase64Encoded?: boolean;
  requestContext?: { http?: { method?: string } };
}

export interface HttpResponse {
  readonly statusCode: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface SlackVerificationOptions {
  readonly secrets: SecretSource;
  readonly signingSecretName: string;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Largest decoded body accepted; Slack's block_actions payloads stay well below it. */
  readonly maxBodyBytes?: number;
}

export const DEFAULT_MAX_BODY_BYTES = 128 * 1024;

export type VerifiedBody = { readonly ok: true; readonly rawBody: string } | { readonly ok: false; readonly response: HttpResponse };

const refuse = (statusCode: number, body: string): VerifiedBody => ({
  ok: false,
  response: { statusCode, headers: { 'content-type': 'text/plain' }, body },
});

const header = (event: HttpApiEvent, name: string): string | undefined => {
  const headers = event.headers ?? {};
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
};

/** The body as bytes, or null when it is larger than allowed (checked before decoding it). */
function decodeBody(event: HttpApiEvent, maxBytes: number): Buffer | null {
  const body = event.body ?? '';
  if (event.isBase64Encoded !== true) {
    if (body.length > maxBytes) return null;
    const bytes = Buffer.from(body, 'utf8');
    return bytes.byteLength > maxBytes ? null : bytes;
  }
  if (body.length > Math.ceil((maxBytes * 4) / 3) + 4) return null;
  const bytes = Buffer.from(body, 'base64');
  return bytes.byteLength > maxBytes ? null : bytes;
}

/**
 * Checks size, then Slack's signature over the raw bytes, before anything parses the body.
 * Refusals say only "unauthorized" to the caller; the log says why, never with the body.
 */
export async function readVerifiedBody(event: HttpApiEvent, options: SlackVerificationOptions): Promise<VerifiedBody> {
  const { logger } = options;
  const rawBody = decodeBody(event, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
  if (rawBody === null) {
    logger.warn('slack request refused', { reason: 'body-too-large' });
    return refuse(413, 'payload too large');
  }
  const secret = await options.secrets.get(options.signingSecretName);
  const verdict = verifySlackSignature(
    { timestamp: header(event, 'x-slack-request-timestamp'), signature: header(event, 'x-slack-signature'), rawBody },
    secret,
    options.clock.now(),
  );
  if (!verdict.ok) {
    logger.warn('slack request refused', { reason: verdict.reason });
    return refuse(401, 'unauthorized');
  }
  return { ok: true, rawBody: rawBody.toString('utf8') };
}

/** The same check as a middy `before`: a refusal ends the request; success leaves a plain body. */
export function slackVerification(options: SlackVerificationOptions) {
  return {
    before: async (request: { event: HttpApiEvent }): Promise<HttpResponse | undefined> => {
      const verified = await readVerifiedBody(request.event, options);
      if (!verified.ok) return verified.response;
      request.event = { ...request.event, body: verified.rawBody, isBase64Encoded: false };
      return undefined;
    },
  };
}
