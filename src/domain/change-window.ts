import type { Plan, Weekday } from './plan.ts';
import { WEEKDAYS } from './plan.ts';

export type ChangeWindow = NonNullable<Plan['window']>;

const MINUTE = 60_000;
const DAY_MINUTES = 1440;

/** Wall-clock reading of an instant in the window's zone, all derived from the IANA data via Intl. */
interface Wall {
  weekday: Weekday;
  minutes: number;
  /** The wall clock read as if it were UTC; minus the instant, it is the zone's offset then. */
  asUtc: number;
}

const formatter = (timeZone: string) =>
  new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    weekday: 'short',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  });

function wallAt(format: Intl.DateTimeFormat, at: number): Wall {
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(at)) parts[part.type] = part.value;
  const n = (type: string) => Number(parts[type]);
  return {
    weekday: String(parts.weekday).toLowerCase() as Weekday,
    minutes: n('hour') * 60 + n('minute'),
    asUtc: Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute')),
  };
}

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const dayBefore = (day: Weekday): Weekday => WEEKDAYS[(WEEKDAYS.indexOf(day) + 6) % 7] as Weekday;

/**
 * A window opens on each listed day at `start`; when `end` is earlier than `start` it closes
 * at `end` on the following day (22:00-02:00 listed for fri runs into saturday night).
 */
function contains(window: ChangeWindow, wall: Wall): boolean {
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  const today = window.days.includes(wall.weekday);
  if (start < end) return today && wall.minutes >= start && wall.minutes < end;
  if (start === end) return false;
  return (today && wall.minutes >= start) || (window.days.includes(dayBefore(wall.weekday)) && wall.minutes < end);
}

/** Whether an instant (epoch ms) lies inside the change window, in the window's own time zone. */
export function isWithinWindow(window: ChangeWindow, at: number): boolean {
  return contains(window, wallAt(formatter(window.timeZone), at));
}

const offsetAt = (format: Intl.DateTimeFormat, at: number): number => wallAt(format, at).asUtc - at;

/** The first whole minute in (from, to] whose UTC offset differs from the one at `from`. */
function offsetChange(format: Intl.DateTimeFormat, from: number, to: number): number {
  const before = offsetAt(format, from);
  let lo = from;
  let hi = to;
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (offsetAt(format, mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * The next instant worth testing after `t` (on a whole minute, outside the window): the next
 * time the wall clock shows `start`, or, when the offset changes before that, the change
 * itself, since a DST jump can land the wall clock inside the window without showing `start`.
 */
function nextCandidate(format: Intl.DateTimeFormat, window: ChangeWindow, t: number): number {
  const wall = wallAt(format, t);
  const ahead = (minutesOf(window.start) - wall.minutes + DAY_MINUTES) % DAY_MINUTES || DAY_MINUTES;
  const target = t + ahead * MINUTE;
  if (offsetAt(format, target) === wall.asUtc - t) return target;
  return offsetChange(format, t, target);
}

/**
 * The earliest instant at or after `at` that lies inside the window: `at` itself when inside
 * or when there is no window; +Infinity for a window that never opens.
 */
export function nextAllowedInstant(window: Plan['window'], at: number): number {
  if (window === undefined || isWithinWindow(window, at)) return at;
  if (window.days.length === 0 || window.start === window.end) return Number.POSITIVE_INFINITY;
  const format = formatter(window.timeZone);
  // Offsets are whole minutes, so the wall clock (and the window) only changes on a minute.
  let t = Math.ceil(at / MINUTE) * MINUTE;
  while (!contains(window, wallAt(format, t))) t = nextCandidate(format, window, t);
  return t;
}
