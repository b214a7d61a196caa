import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ConnectionSeries, evaluateClientQuiet } from '../../../src/domain/client-quiet.ts';

const MIN = 60_000;
const T = Date.parse('2026-05-04T05:00:00.000Z');
/** A 15-minute window: periods T-15m .. T-1m must all have data. */
const WINDOW = { start: T - 15 * MIN, end: T };

/** One point per minute of the window, each minimum from `value(at)`. */
const series = (broker: string, value: (at: number) => number = () => 0, authentication = 'SASL/SCRAM'): ConnectionSeries => ({
  broker,
  authentication,
  points: Array.from({ length: 15 }, (_, i) => WINDOW.start + i * MIN).map((at) => ({ at, value: value(at) })),
});

const without = (s: ConnectionSeries, ...ats: number[]): ConnectionSeries => ({ ...s, points: s.points.filter((p) => !ats.includes(p.at)) });

const evaluate = (all: ConnectionSeries[], extra: { allowance?: number; expectedBrokers?: number } = {}) =>
  evaluateClientQuiet({ series: all, window: WINDOW, periodMs: MIN, ...extra });

describe('evaluateClientQuiet', () => {
  it.each([
    {
      name: 'every broker at 0 in every minute is quiet',
      all: [series('1'), series('2'), series('3')],
      extra: {},
      expected: { verdict: 'quiet', series: 3, periods: 15 },
    },
    {
      name: 'a minimum within the allowance is quiet',
      all: [series('1', () => 1), series('2')],
      extra: { allowance: 1 },
      expected: { verdict: 'quiet', series: 2, periods: 15 },
    },
    {
      name: 'a client that stays connected makes its broker busy, newest minutes first, at most three',
      all: [series('1'), series('2', (at) => (at >= T - 5 * MIN ? 2 : 0))],
      extra: {},
      expected: {
        verdict: 'busy',
        busy: [
          {
            broker: '2',
            authentication: 'SASL/SCRAM',
            periods: [
              { at: T - MIN, minimum: 2 },
              { at: T - 2 * MIN, minimum: 2 },
              { at: T - 3 * MIN, minimum: 2 },
            ],
          },
        ],
      },
    },
    {
      name: 'a minimum above the allowance is busy',
      all: [series('1', (at) => (at === WINDOW.start ? 3 : 1))],
      extra: { allowance: 2 },
      expected: { verdict: 'busy', busy: [{ broker: '1', authentication: 'SASL/SCRAM', periods: [{ at: WINDOW.start, minimum: 3 }] }] },
    },
    {
      name: 'a client in a newer minute than the window still counts',
      all: [{ ...series('1'), points: [...series('1').points, { at: T, value: 1 }] }],
      extra: {},
      expected: { verdict: 'busy', busy: [{ broker: '1', authentication: 'SASL/SCRAM', periods: [{ at: T, minimum: 1 }] }] },
    },
    {
      name: 'clients before the window do not count',
      all: [{ ...series('1'), points: [{ at: WINDOW.start - MIN, value: 4 }, ...series('1').points] }],
      extra: {},
      expected: { verdict: 'quiet', series: 1, periods: 15 },
    },
    {
      name: 'busy wins over missing minutes',
      all: [without(series('1'), T - MIN), series('2', () => 1, 'IAM')],
      extra: {},
      expected: {
        verdict: 'busy',
        busy: [
          {
            broker: '2',
            authentication: 'IAM',
            periods: [
              { at: T - MIN, minimum: 1 },
              { at: T - 2 * MIN, minimum: 1 },
              { at: T - 3 * MIN, minimum: 1 },
            ],
          },
        ],
      },
    },
    {
      name: 'no series at all is no data for the whole window',
      all: [],
      extra: {},
      expected: {
        verdict: 'no-data',
        reportingBrokers: 0,
        missing: [{ broker: null, authentication: null, periods: [T - MIN, T - 2 * MIN, T - 3 * MIN], count: 15 }],
      },
    },
    {
      name: 'fewer brokers reporting than the cluster has is no data',
      all: [series('1'), series('2')],
      extra: { expectedBrokers: 3 },
      expected: {
        verdict: 'no-data',
        reportingBrokers: 2,
        missing: [{ broker: null, authentication: null, periods: [T - MIN, T - 2 * MIN, T - 3 * MIN], count: 15 }],
      },
    },
    {
      name: 'missing minutes of a series are no data, naming the broker and the newest gaps',
      all: [series('1'), without(series('2'), WINDOW.start, T - 4 * MIN, T - 6 * MIN, T - 9 * MIN)],
      extra: { expectedBrokers: 2 },
      expected: {
        verdict: 'no-data',
        reportingBrokers: 2,
        missing: [{ broker: '2', authentication: 'SASL/SCRAM', periods: [T - 4 * MIN, T - 6 * MIN, T - 9 * MIN], count: 4 }],
      },
    },
  ])('$name', ({ all, extra, expected }) => {
    // Act
    const verdict = evaluate(all, extra);
    // Assess
    expect(verdict).toEqual(expected);
  });

  it('a point anywhere inside a minute covers that minute (sources that stamp mid-period)', () => {
    // Prepare
    const shifted = { ...series('1'), points: series('1').points.map((p) => ({ ...p, at: p.at + 20_000 })) };
    // Act
    const verdict = evaluate([shifted]);
    // Assess
    expect(verdict).toEqual({ verdict: 'quiet', series: 1, periods: 15 });
  });

  it('any client minute inside the window refuses; any missing minute of a quiet window is no data', () => {
    const brokers = fc.integer({ min: 1, max: 6 });
    const minute = fc.integer({ min: 0, max: 14 });
    fc.assert(
      fc.property(brokers, fc.nat(), minute, fc.integer({ min: 1, max: 50 }), (n, pick, m, connections) => {
        // Prepare
        const all = Array.from({ length: n }, (_, i) => series(String(i + 1)));
        const broker = String((pick % n) + 1);
        const at = WINDOW.start + m * MIN;
        const busy = all.map((s) => (s.broker === broker ? series(broker, (t) => (t === at ? connections : 0)) : s));
        const gap = all.map((s) => (s.broker === broker ? without(s, at) : s));
        // Act
        const quiet = evaluate(all, { expectedBrokers: n });
        const withClient = evaluate(busy, { expectedBrokers: n });
        const withGap = evaluate(gap, { expectedBrokers: n });
        // Assess
        expect(quiet.verdict).toBe('quiet');
        expect(withClient).toEqual({ verdict: 'busy', busy: [{ broker, authentication: 'SASL/SCRAM', periods: [{ at, minimum: connections }] }] });
        expect(withGap).toEqual({ verdict: 'no-data', reportingBrokers: n, missing: [{ broker, authentication: 'SASL/SCRAM', periods: [at], count: 1 }] });
      }),
    );
  });
});
