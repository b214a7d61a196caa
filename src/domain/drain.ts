import type { Cluster } from './bucket.ts';
import type { Point } from './gates.ts';
import type { DrainProof } from './transitions.ts';

export interface DrainSnapshot {
  at: number;
  groups: {
    group: string;
    partitions: { topic: string; partition: number; committed: number | null; high: number; low: number }[];
  }[];
  topics: { topic: string; partition: number; high: number; low: number }[];
  messagesIn?: Point[];
}

export interface DrainStreak {
  since: number | null;
  watermarkDigest: string | null;
  polls: number;
}

export interface DrainBlocker {
  reason: 'lag' | 'no-commit' | 'new-messages' | 'no-data' | 'expected-group-missing' | 'not-stable-long-enough';
  group?: string;
  topic?: string;
  partition?: number;
  lag?: number;
}

export type DrainVerdict =
  | { drained: true; proof: DrainProof; streak: DrainStreak }
  | { drained: false; blocking: DrainBlocker[]; streak: DrainStreak };

export function evaluateDrain(_input: {
  cluster: Cluster;
  snapshot: DrainSnapshot;
  previous: DrainStreak | null;
  stableForSeconds: number;
  expectedGroups: readonly string[];
}): DrainVerdict {
  throw new Error('not implemented yet');
}
