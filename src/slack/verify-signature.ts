import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's own tolerance: requests older (or newer) than five minutes may be replays. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export interface SignedRequest {
  /** X-Slack-Request-Timestamp, seconds since the epoch. */
  readonly timestamp: string | undefined;
  /** X-Slack-Signature, `v0=<hex>`. */
  readonly signature: string | undefined;
  /** The body exactly as Slack sent it (after base64 decoding by the caller). */
  readonly rawBody: Buffer;
}

export type SignatureVerdict = { readonly ok: true } | { readonly ok: false; readonly reason: 'missing-headers' | 'bad-timestamp' | 'stale' | 'bad-signature' };

const SIGNATURE = /^v0=[0-9a-f]{64}$/;
const TIMESTAMP = /^\d{1,12}$/;

/** The signature Slack computes: v0=HMAC-SHA256(secret, `v0:${timestamp}:${rawBody}`). */
export function slackSignature(secret: string, timestamp: string, rawBody: Buffer): string {
  const hmac = createHmac('sha256', secret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return `v0=${hmac.digest('hex')}`;
}

/**
 * Verifies a request against the signing secret. The comparison is constant-time over
 * equal-length buffers; the format check before it only looks at the attacker's own input.
 */
export function verifySlackSignature(request: SignedRequest, secret: string, nowMs: number): SignatureVerdict {
  const { timestamp, signature, rawBody } = request;
  if (timestamp === undefined || signature === undefined) return { ok: false, reason: 'missing-headers' };
  if (!TIMESTAMP.test(timestamp)) return { ok: false, reason: 'bad-timestamp' };
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > MAX_CLOCK_SKEW_SECONDS) return { ok: false, reason: 'stale' };
  if (!SIGNATURE.test(signature)) return { ok: false, reason: 'bad-signature' };
  const expected = Buffer.from(slackSignature(secret, timestamp, rawBody), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad-signature' };
  return { ok: true };
}
