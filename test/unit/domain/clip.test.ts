import { describe, expect, it } from 'vitest';
import { clip } from '../../../src/domain/clip.ts';

describe('clip', () => {
  it.each([
    { text: 'short', max: 10, expected: 'short' },
    { text: 'exactly10!', max: 10, expected: 'exactly10!' },
    { text: 'one too long', max: 11, expected: 'one too lo…' },
  ])('clip($text, $max) → $expected', ({ text, max, expected }) => {
    expect(clip(text, max)).toBe(expected);
    expect(clip(text, max).length).toBeLessThanOrEqual(max);
  });
});
