import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { slackSignature, verifySlackSignature } from '../../../src/slack/verify-signature.ts';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const NOW = 1_777_777_777_000;
const TS = String(NOW / 1000);
const BODY = Buffer.from('payload=%7B%22type%22%3A%22block_actions%22%7D');

/** Computed here, independently of the module under test. */
const sign = (secret: string, timestamp: string, body: Buffer) =>
  `v0=${createHmac('sha256', secret)
    .update(`v0:${timestamp}:${body.toString('utf8')}`)
    .digest('hex')}`;

describe('verifySlackSignature', () => {
  const valid = sign(SECRET, TS, BODY);
  const cases = [
    { name: 'valid', ts: TS, sig: valid, body: BODY, want: { ok: true } },
    { name: 'wrong secret', ts: TS, sig: sign('another-secret', TS, BODY), body: BODY, want: { ok: false, reason: 'bad-signature' } },
    { name: 'tampered body', ts: TS, sig: valid, body: Buffer.from(`${BODY.toString()}x`), want: { ok: false, reason: 'bad-signature' } },
    {
      name: 'stale by 301 s',
      ts: String(NOW / 1000 - 301),
      sig: sign(SECRET, String(NOW / 1000 - 301), BODY),
      body: BODY,
      want: { ok: false, reason: 'stale' },
    },
    {
      name: 'future by 301 s',
      ts: String(NOW / 1000 + 301),
      sig: sign(SECRET, String(NOW / 1000 + 301), BODY),
      body: BODY,
      want: { ok: false, reason: 'stale' },
    },
    { name: 'edge of the window (300 s)', ts: String(NOW / 1000 - 300), sig: sign(SECRET, String(NOW / 1000 - 300), BODY), body: BODY, want: { ok: true } },
    { name: 'timestamp signed differently', ts: String(NOW / 1000 - 1), sig: valid, body: BODY, want: { ok: false, reason: 'bad-signature' } },
    { name: 'missing signature', ts: TS, sig: undefined, body: BODY, want: { ok: false, reason: 'missing-headers' } },
    { name: 'missing timestamp', ts: undefined, sig: valid, body: BODY, want: { ok: false, reason: 'missing-headers' } },
    { name: 'non-numeric timestamp', ts: '17777x', sig: valid, body: BODY, want: { ok: false, reason: 'bad-timestamp' } },
    { name: 'other version prefix', ts: TS, sig: valid.replace('v0=', 'v1='), body: BODY, want: { ok: false, reason: 'bad-signature' } },
    { name: 'truncated signature', ts: TS, sig: valid.slice(0, -2), body: BODY, want: { ok: false, reason: 'bad-signature' } },
    { name: 'upper-case hex', ts: TS, sig: valid.toUpperCase().replace('V0=', 'v0='), body: BODY, want: { ok: false, reason: 'bad-signature' } },
  ] as const;

  it.each(cases)('$name', ({ ts, sig, body, want }) => {
    // Act
    const verdict = verifySlackSignature({ timestamp: ts, signature: sig, rawBody: body }, SECRET, NOW);
    // Assess
    expect(verdict).toEqual(want);
  });

  it('signs exactly as Slack documents it', () => {
    expect(slackSignature(SECRET, TS, BODY)).toBe(sign(SECRET, TS, BODY));
  });
});
