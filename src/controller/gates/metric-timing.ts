/** How the metric store's periods map onto the clock. */
export interface MetricTiming {
  /** Clock milliseconds of one 60-second CloudWatch period (the rehearsal scales its periods). */
  readonly periodMs: number;
  /** Whole periods before the current one that may not be published yet: never judged as missing. */
  readonly publicationDelayPeriods: number;
}

/**
 * CloudWatch: MSK pushes broker metrics once a minute and they can take a few minutes to be
 * readable, so the judged window ends two whole minutes before the current one (points that
 * are already there still count when they show a client).
 */
export const CLOUDWATCH_TIMING: MetricTiming = { periodMs: 60_000, publicationDelayPeriods: 2 };
