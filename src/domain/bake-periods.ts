import type { FieldIssue } from '@kraft-canary/client/contract';

/**
 * The gates judge a stage on at least 2 points of each lag series inside the bake window, and
 * leave out the last 2 metric periods, which CloudWatch may not have published yet (MSK sends
 * its metrics once a minute); with the partial period the window starts in, a bake shorter
 * than 5 periods can only end inconclusive. Checked with the metric period in force: 60 s on
 * CloudWatch, scaled down in the rehearsal.
 */
export const MIN_BAKE_PERIODS = 5;

/** One issue per stage whose bake holds fewer than MIN_BAKE_PERIODS metric periods. */
export function bakeIssues(stages: readonly { readonly bake: number }[], periodSeconds: number): FieldIssue[] {
  const minimum = MIN_BAKE_PERIODS * periodSeconds;
  return stages.flatMap((stage, i) =>
    stage.bake >= minimum
      ? []
      : [
          {
            path: `stages.${i}.bake`,
            message: `${stage.bake}s is under ${MIN_BAKE_PERIODS} metric periods of ${periodSeconds}s: the gates could never see enough data; bake at least ${minimum}s`,
          },
        ],
  );
}
