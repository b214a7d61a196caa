import { z } from 'zod';

const UNIT_SECONDS = { d: 86_400, h: 3_600, m: 60, s: 1 } as const;
const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Parses `15m`, `1h30m`, `90s`, `2d` into whole seconds; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match || text.trim() === '') return undefined;
  const [, d, h, m, s] = match;
  return Number(d ?? 0) * UNIT_SECONDS.d + Number(h ?? 0) * UNIT_SECONDS.h + Number(m ?? 0) * UNIT_SECONDS.m + Number(s ?? 0) * UNIT_SECONDS.s;
}

/** Formats whole seconds the way plans write them (`1h30m`, `45s`, `0s`). */
export function formatDuration(seconds: number): string {
  if (seconds === 0) return '0s';
  let rest = seconds;
  let text = '';
  for (const [unit, size] of Object.entries(UNIT_SECONDS)) {
    const count = Math.floor(rest / size);
    if (count > 0) text += `${count}${unit}`;
    rest -= count * size;
  }
  return text;
}

/** A zod schema for a duration string, producing seconds, bounded to [min, max] seconds. */
export const durationSeconds = (min: number, max: number) =>
  z.string().transform((text, ctx) => {
    const seconds = parseDuration(text);
    if (seconds === undefined) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration like 15m, 1h30m or 90s` });
      return z.NEVER;
    }
    if (seconds < min || seconds > max) {
      ctx.addIssue({
        code: 'custom',
        message: `${text} is out of range: must be between ${formatDuration(min)} and ${formatDuration(max)}`,
      });
      return z.NEVER;
    }
    return seconds;
  });
