import { z } from 'zod';

/** One latency comparison: green fails when it is significantly slower and its percentile exceeds blue's by more than maxRatio. */
const LatencyLimitSchema = (maxRatio: number) =>
  z
    .object({
      /** Largest tolerated green/blue ratio of the percentile below. */
      maxRatio: z.number().min(1).max(100).default(maxRatio),
      /** The percentile whose ratio is limited, 50..99.9. */
      percentile: z.number().min(50).max(99.9).default(99),
      /**
       * …and green's percentile must also exceed blue's by more than this many milliseconds
       * (0..60000): most clients time operations in whole milliseconds, so a ratio of sub-millisecond
       * percentiles measures the clock's resolution, not the cluster.
       */
      minIncreaseMs: z.number().min(0).max(60_000).default(1),
    })
    .strict()
    .default({ maxRatio, percentile: 99, minIncreaseMs: 1 });

/**
 * The relative analysis: at each stage below 100 % green, after the bake, green's clients are
 * compared with blue's over the same window. No schema default for the whole section: a plan
 * without it normalizes (and names its executions) as before, and the analysis needs clients
 * that publish the latency distributions (client 0.3 or later); `analysis: {}` turns it on with
 * every default below.
 */
export const AnalysisSchema = z
  .object({
    produceLatency: LatencyLimitSchema(1.25),
    handlingTime: LatencyLimitSchema(1.5),
    errors: z
      .object({
        /** Largest tolerated green/blue ratio of error rates… */
        maxRatio: z.number().min(1).max(1000).default(2),
        /** …or absolute rise of the error rate (0..1): green fails only when it exceeds both. */
        maxIncrease: z.number().min(0).max(1).default(0.001),
      })
      .strict()
      .default({ maxRatio: 2, maxIncrease: 0.001 }),
    /** 1 − the false-alarm rate each comparison allows (one-sided tests). */
    confidence: z.number().min(0.5).max(0.9999).default(0.95),
    /** Fewer samples (sends, handled messages) than this on either cluster: inconclusive. */
    minSamples: z.number().int().min(20).max(1_000_000).default(200),
  })
  .strict();

export type Analysis = z.output<typeof AnalysisSchema>;
export type LatencyLimit = Analysis['produceLatency'];
