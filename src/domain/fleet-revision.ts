/**
 * The fleet's applied routing revision, from the clients' RoutingRevision metric (one value per
 * instance and minute, CloudWatch's Minimum and Maximum per minute). Every instance writes once a
 * minute, so the newest two minutes with data hold each instance that still reports at least
 * once; an instance that moved on within them counts with its older revision too, so "all on
 * the current revision" errs towards "not yet".
 */

/** How far back `status` looks for the metric. */
export const FLEET_WINDOW_MINUTES = 5;
/** How many of the newest minutes with data are judged. */
export const FLEET_RECENT_MINUTES = 2;

export interface RevisionPoint {
  /** Epoch ms: the start of the minute. */
  readonly at: number;
  readonly value: number;
}

export type FleetRevision =
  | {
      readonly kind: 'reported';
      readonly lowest: number;
      readonly highest: number;
      /** The routing document's revision; null without a readable document. */
      readonly current: number | null;
      /** Every reporting instance has applied `current` (or a newer one); null without a document. */
      readonly upToDate: boolean | null;
      /** Epoch ms of the newest minute with data. */
      readonly at: number;
      readonly windowMinutes: number;
    }
  /** No client wrote the metric within the window. */
  | { readonly kind: 'no-data'; readonly windowMinutes: number }
  /** The metric could not be read (why, without raw errors). */
  | { readonly kind: 'unknown'; readonly problem: string; readonly windowMinutes: number };

const recent = (points: readonly RevisionPoint[]): RevisionPoint[] => {
  const minutes = [...new Set(points.map((p) => p.at))].sort((a, b) => b - a).slice(0, FLEET_RECENT_MINUTES);
  return points.filter((p) => minutes.includes(p.at));
};

/** Summarises the per-minute Minimum and Maximum series against the document's revision. */
export function fleetRevision(
  minimums: readonly RevisionPoint[],
  maximums: readonly RevisionPoint[],
  current: number | null,
  windowMinutes: number = FLEET_WINDOW_MINUTES,
): FleetRevision {
  const low = recent(minimums);
  const high = recent(maximums);
  if (low.length === 0 || high.length === 0) return { kind: 'no-data', windowMinutes };
  const lowest = Math.min(...low.map((p) => p.value));
  const highest = Math.max(...high.map((p) => p.value));
  const at = Math.max(...low.map((p) => p.at), ...high.map((p) => p.at));
  return { kind: 'reported', lowest, highest, current, upToDate: current === null ? null : lowest >= current, at, windowMinutes };
}
