import { describe, expect, it } from 'vitest';
import { type ChangeWindow, isWithinWindow, nextAllowedInstant } from '../../../src/domain/change-window.ts';

const t = (iso: string) => Date.parse(iso);
const everyDay: ChangeWindow['days'] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

// Europe/Berlin 2026: spring forward 2026-03-29 01:00Z (02:00 CET → 03:00 CEST),
// fall back 2026-10-25 01:00Z (03:00 CEST → 02:00 CET). Asia/Jakarta is UTC+7 all year.
const berlinNight: ChangeWindow = { days: ['sun'], start: '02:30', end: '04:00', timeZone: 'Europe/Berlin' };
const berlinOffice: ChangeWindow = { days: ['mon', 'tue', 'wed', 'thu'], start: '09:00', end: '17:00', timeZone: 'Europe/Berlin' };
const jakartaNight: ChangeWindow = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '22:00', end: '02:00', timeZone: 'Asia/Jakarta' };
const berlinFallBack: ChangeWindow = { days: ['sun'], start: '01:30', end: '02:30', timeZone: 'Europe/Berlin' };
const nearMidnight: ChangeWindow = { days: ['sat'], start: '23:30', end: '00:15', timeZone: 'UTC' };

describe('isWithinWindow', () => {
  it.each([
    { name: 'Berlin office hours, summer (UTC+2)', window: berlinOffice, at: '2026-07-06T07:00:00Z', inside: true },
    { name: 'Berlin just before opening, summer', window: berlinOffice, at: '2026-07-06T06:59:59Z', inside: false },
    { name: 'Berlin office hours, winter (UTC+1)', window: berlinOffice, at: '2026-01-05T08:00:00Z', inside: true },
    { name: 'Berlin 08:00 local in winter is closed', window: berlinOffice, at: '2026-01-05T07:00:00Z', inside: false },
    { name: 'end is exclusive', window: berlinOffice, at: '2026-07-06T15:00:00Z', inside: false },
    { name: 'a day not listed', window: berlinOffice, at: '2026-07-10T10:00:00Z', inside: false },
    { name: 'spring forward: 03:00 CEST is past 02:30', window: berlinNight, at: '2026-03-29T01:00:00Z', inside: true },
    { name: 'spring forward: 01:59 CET is before it', window: berlinNight, at: '2026-03-29T00:59:00Z', inside: false },
    { name: 'fall back: first 02:00 (CEST) is inside', window: berlinFallBack, at: '2026-10-25T00:00:00Z', inside: true },
    { name: 'fall back: 02:45 CEST is outside', window: berlinFallBack, at: '2026-10-25T00:45:00Z', inside: false },
    { name: 'fall back: second 02:00 (CET) is inside again', window: berlinFallBack, at: '2026-10-25T01:00:00Z', inside: true },
    { name: 'Jakarta 22:00 WIB on a Friday', window: jakartaNight, at: '2026-05-08T15:00:00Z', inside: true },
    { name: 'Jakarta 01:59 WIB Saturday, window opened Friday', window: jakartaNight, at: '2026-05-08T18:59:00Z', inside: true },
    { name: 'Jakarta 02:00 WIB Saturday: closed', window: jakartaNight, at: '2026-05-08T19:00:00Z', inside: false },
    { name: 'Jakarta 01:00 WIB Monday: Sunday night is not listed', window: jakartaNight, at: '2026-05-10T18:00:00Z', inside: false },
    { name: 'Jakarta 21:59 WIB Monday', window: jakartaNight, at: '2026-05-11T14:59:00Z', inside: false },
    { name: 'start > end: 23:45 Saturday', window: nearMidnight, at: '2026-05-09T23:45:00Z', inside: true },
    { name: 'start > end: 00:10 Sunday', window: nearMidnight, at: '2026-05-10T00:10:00Z', inside: true },
    { name: 'start > end: 00:15 Sunday closed', window: nearMidnight, at: '2026-05-10T00:15:00Z', inside: false },
    { name: 'start > end: 00:10 Saturday belongs to Friday', window: nearMidnight, at: '2026-05-09T00:10:00Z', inside: false },
    { name: 'start = end never opens', window: { ...berlinOffice, end: '09:00' }, at: '2026-07-06T07:00:00Z', inside: false },
  ])('$name → $inside', ({ window, at, inside }) => {
    expect(isWithinWindow(window, t(at))).toBe(inside);
  });
});

describe('nextAllowedInstant', () => {
  it.each([
    { name: 'no window: now', window: undefined, at: '2026-07-06T03:17:12.345Z', next: '2026-07-06T03:17:12.345Z' },
    { name: 'inside: now', window: berlinOffice, at: '2026-07-06T10:00:00.500Z', next: '2026-07-06T10:00:00.500Z' },
    { name: 'Berlin, later the same day (summer)', window: berlinOffice, at: '2026-07-06T05:00:00Z', next: '2026-07-06T07:00:00.000Z' },
    { name: 'Berlin, next open day (winter)', window: berlinOffice, at: '2026-01-08T17:30:00Z', next: '2026-01-12T08:00:00.000Z' },
    { name: 'Berlin, across the spring change', window: berlinOffice, at: '2026-03-26T18:00:00Z', next: '2026-03-30T07:00:00.000Z' },
    { name: 'Berlin, across the autumn change', window: berlinOffice, at: '2026-10-22T18:00:00Z', next: '2026-10-26T08:00:00.000Z' },
    { name: 'spring forward: 02:30 does not exist, opens at 03:00 CEST', window: berlinNight, at: '2026-03-28T12:00:00Z', next: '2026-03-29T01:00:00.000Z' },
    { name: 'fall back: reopens when 02:00 comes round again', window: berlinFallBack, at: '2026-10-25T00:40:00Z', next: '2026-10-25T01:00:00.000Z' },
    { name: 'fall back: after the second pass, next week', window: berlinFallBack, at: '2026-10-25T01:30:00Z', next: '2026-11-01T00:30:00.000Z' },
    { name: 'Jakarta, Saturday afternoon → Monday 22:00 WIB', window: jakartaNight, at: '2026-05-09T08:00:00Z', next: '2026-05-11T15:00:00.000Z' },
    { name: 'start > end window, rounds up to the minute', window: nearMidnight, at: '2026-05-09T23:29:30Z', next: '2026-05-09T23:30:00.000Z' },
    { name: 'a window with no days never opens', window: { ...berlinOffice, days: [] }, at: '2026-07-06T05:00:00Z', next: null },
    { name: 'a window with start = end never opens', window: { ...berlinOffice, end: '09:00' }, at: '2026-07-06T05:00:00Z', next: null },
  ] as { name: string; window: ChangeWindow | undefined; at: string; next: string | null }[])('$name', ({ window, at, next }) => {
    // Act
    const instant = nextAllowedInstant(window, t(at));
    // Assess
    expect(Number.isFinite(instant) ? new Date(instant).toISOString() : null).toBe(next);
  });

  it('returns an instant that is inside the window, for every hour of a year in Berlin', () => {
    const window: ChangeWindow = { days: everyDay.slice(0, 1), start: '02:15', end: '02:45', timeZone: 'Europe/Berlin' };
    for (let at = t('2026-01-01T00:00:00Z'); at < t('2027-01-01T00:00:00Z'); at += 7 * 3_600_000) {
      const next = nextAllowedInstant(window, at);
      expect(isWithinWindow(window, next)).toBe(true);
      expect(isWithinWindow(window, next - 60_000)).toBe(false);
    }
  });
});
