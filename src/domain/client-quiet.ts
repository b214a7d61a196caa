import type { Point } from './gates.ts';

/**
 * One Amazon MSK `ClientConnectionCount` series (AWS/Kafka; dimensions Cluster Name, Broker ID,
 * Client Authentication): the active authenticated client connections of one broker for one
 * authentication type, as the per-period `Minimum`, stamped at the period start.
 */
export interface ConnectionSeries {
  broker: string;
  authentication: string;
  points: readonly Point[];
}

export interface ClientQuietInput {
  series: readonly ConnectionSeries[];
  /**
   * The periods that must all have data, [start, end) on period boundaries. Points after `end`
   * (periods CloudWatch may not have complete yet) still count when they show a client, but
   * their absence is not missing data.
   */
  window: { start: number; end: number };
  periodMs: number;
  /** Highest per-period minimum that still counts as no client; default 0. */
  allowance?: number;
  /** Brokers the cluster has, when known: a broker publishing no series at all is missing data. */
  expectedBrokers?: number;
}

/** A series that held a client connection: its newest busy periods first (at most MAX_LISTED). */
export interface BusySeries {
  broker: string;
  authentication: string;
  periods: { at: number; minimum: number }[];
}

/** Periods a series has no point for (newest first, at most MAX_LISTED), or a missing source. */
export interface MissingSeries {
  /** null when no series at all (or too few brokers) reported. */
  broker: string | null;
  authentication: string | null;
  periods: number[];
  /** All missing periods, of which `periods` lists the newest. */
  count: number;
}

export type ClientQuietVerdict =
  | { verdict: 'quiet'; series: number; periods: number }
  | { verdict: 'busy'; busy: BusySeries[] }
  | { verdict: 'no-data'; missing: MissingSeries[]; reportingBrokers: number };

/** How many periods a verdict lists per series: enough to see when, short enough for a Slack line. */
export const MAX_LISTED = 3;

function requiredPeriods(window: ClientQuietInput['window'], periodMs: number): number[] {
  const periods: number[] = [];
  for (let at = window.start; at < window.end; at += periodMs) periods.push(at);
  return periods;
}

function busyOf(series: readonly ConnectionSeries[], start: number, allowance: number): BusySeries[] {
  return series.flatMap((s) => {
    const busy = s.points.filter((p) => p.at >= start && p.value > allowance).sort((a, b) => b.at - a.at);
    if (busy.length === 0) return [];
    return [{ broker: s.broker, authentication: s.authentication, periods: busy.slice(0, MAX_LISTED).map((p) => ({ at: p.at, minimum: p.value })) }];
  });
}

function missingOf(series: readonly ConnectionSeries[], periods: readonly number[], start: number, periodMs: number): MissingSeries[] {
  return series.flatMap((s) => {
    // A point covers the period it falls in, wherever in it the source stamped it.
    const covered = new Set(s.points.map((p) => Math.floor((p.at - start) / periodMs)));
    const missing = periods.filter((_, i) => !covered.has(i)).reverse();
    if (missing.length === 0) return [];
    return [{ broker: s.broker, authentication: s.authentication, periods: missing.slice(0, MAX_LISTED), count: missing.length }];
  });
}

/**
 * Whether a cluster has been free of clients for the whole window.
 *
 * Threshold semantics: a series is busy in a period when that period's `Minimum` exceeds the
 * allowance (0 by default). A client that stays connected (a consumer that never read the
 * `complete` document, a service outside the client library, a Lambda trigger, a replicator)
 * holds its connection through every sample of the period, so the minimum is at least 1. A
 * connection that lives for seconds, as kraft-canary's own admin checks do (the drain poll,
 * the decommission snapshot, an operator's status or drain-check), is gone by the next sample
 * and leaves the minimum at 0. The maximum or the average would count those as clients; the
 * minimum cannot miss a client that stays. Any busy period refuses, however old inside the
 * window: a service that reconnects now and then is a service still on this cluster.
 *
 * Busy wins over missing data: a client seen is the stronger finding. A window is quiet only
 * when every series has a point in every period of it, and, when the broker count is known,
 * every broker published at least one series.
 */
export function evaluateClientQuiet(input: ClientQuietInput): ClientQuietVerdict {
  const { series, window, periodMs } = input;
  const busy = busyOf(series, window.start, input.allowance ?? 0);
  if (busy.length > 0) return { verdict: 'busy', busy };
  const periods = requiredPeriods(window, periodMs);
  const reportingBrokers = new Set(series.map((s) => s.broker)).size;
  const whole: MissingSeries = { broker: null, authentication: null, periods: [...periods].reverse().slice(0, MAX_LISTED), count: periods.length };
  if (series.length === 0 || reportingBrokers < (input.expectedBrokers ?? 0)) {
    return { verdict: 'no-data', missing: [whole], reportingBrokers };
  }
  const missing = missingOf(series, periods, window.start, periodMs);
  if (missing.length > 0) return { verdict: 'no-data', missing, reportingBrokers };
  return { verdict: 'quiet', series: series.length, periods: periods.length };
}
