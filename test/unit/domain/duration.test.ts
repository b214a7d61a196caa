import { describe, expect, it } from 'vitest';
import { durationSeconds, formatDuration, parseDuration } from '../../../src/domain/duration.ts';

describe('parseDuration', () => {
  it.each([
    { text: '15m', seconds: 900 },
    { text: '1h30m', seconds: 5400 },
    { text: '90s', seconds: 90 },
    { text: '2d', seconds: 172_800 },
    { text: '1d2h3m4s', seconds: 93_784 },
    { text: ' 10m ', seconds: 600 },
    { text: '0s', seconds: 0 },
    { text: '', seconds: undefined },
    { text: '   ', seconds: undefined },
    { text: '15 minutes', seconds: undefined },
    { text: '1m1h', seconds: undefined },
    { text: '-5m', seconds: undefined },
  ])('"$text" → $seconds', ({ text, seconds }) => {
    expect(parseDuration(text)).toBe(seconds);
  });
});

describe('formatDuration', () => {
  it.each([
    { seconds: 0, text: '0s' },
    { seconds: 45, text: '45s' },
    { seconds: 900, text: '15m' },
    { seconds: 5400, text: '1h30m' },
    { seconds: 93_784, text: '1d2h3m4s' },
  ])('$seconds → $text', ({ seconds, text }) => {
    expect(formatDuration(seconds)).toBe(text);
    expect(parseDuration(text)).toBe(seconds);
  });
});

describe('durationSeconds', () => {
  const schema = durationSeconds(60, 3600);
  it.each([
    { text: '10m', expected: { success: true, data: 600 } },
    { text: 'soon', expected: { success: false, message: '"soon" is not a duration like 15m, 1h30m or 90s' } },
    { text: '30s', expected: { success: false, message: '30s is out of range: must be between 1m and 1h' } },
    { text: '2h', expected: { success: false, message: '2h is out of range: must be between 1m and 1h' } },
  ])('$text', ({ text, expected }) => {
    const result = schema.safeParse(text);
    expect(result.success ? { success: true, data: result.data } : { success: false, message: result.error.issues[0]?.message }).toEqual(expected);
  });
});
