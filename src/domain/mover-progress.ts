/** One partition of a topic a mover reads, on green. */
export interface MoverPartition {
  readonly topic: string;
  readonly partition: number;
  readonly low: number;
  readonly high: number;
  /** The group's committed offset on green; null before it commits. */
  readonly committed: number | null;
}

/**
 * absent: the group has committed nothing on green yet (not moved, or still starting).
 * catching-up: it reads green but is further behind than the plan's lag limit for it.
 * moved: it reads green within that limit (producers keep sending to green meanwhile, so
 * "nothing left" would rarely hold at the instant of a poll).
 */
export type MoverStatus = 'absent' | 'catching-up' | 'moved';

export interface MoverProgress {
  readonly group: string;
  readonly status: MoverStatus;
  /** Messages on green it has still to read. */
  readonly lag: number;
}

/**
 * Whether a mover has arrived on green and caught up to within `maxLag`. A partition it has not
 * committed on counts in full from its earliest offset: that is where the group starts.
 */
export function judgeMover(group: string, partitions: readonly MoverPartition[], maxLag: number): MoverProgress {
  const lag = partitions.reduce((sum, p) => sum + Math.max(0, p.high - (p.committed ?? p.low)), 0);
  if (!partitions.some((p) => p.committed !== null)) return { group, status: 'absent', lag };
  return { group, status: lag <= maxLag ? 'moved' : 'catching-up', lag };
}

/** Every mover on green and caught up. */
export const allMoved = (progress: readonly MoverProgress[]): boolean => progress.every((p) => p.status === 'moved');
