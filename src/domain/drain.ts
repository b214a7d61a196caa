import { createHash } from 'node:crypto';
import type { Cluster } from '@kraft-canary/client/contract';
import type { Point } from './gates.ts';
import type { DrainProof } from './transition-rules.ts';

interface PartitionWatermarks {
  topic: string;
  partition: number;
  high: number;
  low: number;
}

/** One poll of a cluster: committed offsets of every group, and the topics' watermarks. */
export interface DrainSnapshot {
  at: number;
  groups: {
    group: string;
    partitions: { topic: string; partition: number; committed: number | null; high: number; low: number }[];
  }[];
  topics: PartitionWatermarks[];
  /** Broker MessagesInPerSec since the previous poll, if known. */
  messagesIn?: Point[];
}

/** The sliding window carried from poll to poll; small enough for a Step Functions state. */
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

export type DrainVerdict = { drained: true; proof: DrainProof; streak: DrainStreak } | { drained: false; blocking: DrainBlocker[]; streak: DrainStreak };

export interface DrainInput {
  cluster: Cluster;
  snapshot: DrainSnapshot;
  previous: DrainStreak | null;
  stableForSeconds: number;
  /** The plan's consumer groups: each must appear in the snapshot. */
  expectedGroups: readonly string[];
  /**
   * Topics an expected group is known to read (from its commits on the other cluster). A group
   * missing here blocks only while one of its topics holds messages here; a group whose topics
   * are unknown blocks while any topic does.
   */
  groupTopics?: Readonly<Record<string, readonly string[]>>;
}

const NO_STREAK: DrainStreak = { since: null, watermarkDigest: null, polls: 0 };

const key = (p: { topic: string; partition: number }) => `${p.topic}/${p.partition}`;

/**
 * A group that committed on some partitions of a topic must have consumed all of them: the
 * partitions it never committed on are checked as uncommitted, against the topic's watermarks.
 */
function groupPartitions(snapshot: DrainSnapshot, group: DrainSnapshot['groups'][number]) {
  const seen = new Set(group.partitions.map(key));
  const topics = new Set(group.partitions.map((p) => p.topic));
  const unlisted = snapshot.topics.filter((t) => topics.has(t.topic) && !seen.has(key(t))).map((t) => ({ ...t, committed: null }));
  return [...group.partitions, ...unlisted];
}

function blockersOf(snapshot: DrainSnapshot, expectedGroups: readonly string[], groupTopics: DrainInput['groupTopics']): DrainBlocker[] {
  // A planned group that reports no partition here says nothing about what it still has to
  // read: while a partition it may read holds messages it counts as missing, never as drained.
  const reported = new Set(snapshot.groups.filter((g) => g.partitions.length > 0).map((g) => g.group));
  const holdsMessages = (topics: readonly string[] | undefined) =>
    snapshot.topics.some((t) => t.high > t.low && (topics === undefined || topics.length === 0 || topics.includes(t.topic)));
  const blocking: DrainBlocker[] = expectedGroups
    .filter((group) => !reported.has(group) && holdsMessages(groupTopics?.[group]))
    .map((group) => ({ reason: 'expected-group-missing', group }));
  for (const group of snapshot.groups) {
    for (const p of groupPartitions(snapshot, group)) {
      const where = { group: group.group, topic: p.topic, partition: p.partition };
      // An uncommitted partition is clean only when it holds nothing to consume.
      if (p.committed === null && p.high > p.low) blocking.push({ reason: 'no-commit', ...where, lag: p.high - p.low });
      if (p.committed !== null && p.committed < p.high) blocking.push({ reason: 'lag', ...where, lag: p.high - p.committed });
    }
  }
  if ((snapshot.messagesIn ?? []).some((point) => point.value > 0)) blocking.push({ reason: 'new-messages' });
  return blocking;
}

/** SHA-256 over the sorted high watermarks: any produce between polls changes it. */
function watermarkDigest(snapshot: DrainSnapshot): string {
  const highs = new Map<string, number>();
  for (const t of snapshot.topics) highs.set(key(t), t.high);
  for (const p of snapshot.groups.flatMap((g) => g.partitions)) if (!highs.has(key(p))) highs.set(key(p), p.high);
  const lines = [...highs].map(([k, high]) => `${k}/${high}`).sort();
  return createHash('sha256').update(lines.join('\n'), 'utf8').digest('hex');
}

/**
 * Burrow-style drain check: the cluster is drained when every partition of every group has
 * committed up to the high watermark, on every poll of a streak that lasted at least
 * `stableForSeconds` over at least two polls, with the watermarks unchanged throughout.
 */
export function evaluateDrain(input: DrainInput): DrainVerdict {
  const { snapshot, previous } = input;
  if (snapshot.groups.length === 0 && snapshot.topics.length === 0) {
    return { drained: false, blocking: [{ reason: 'no-data' }], streak: NO_STREAK };
  }
  const blocking = blockersOf(snapshot, input.expectedGroups, input.groupTopics);
  if (blocking.length > 0) return { drained: false, blocking, streak: NO_STREAK };
  const digest = watermarkDigest(snapshot);
  const started = previous === null ? null : previous.since;
  const continues = previous !== null && started !== null && previous.watermarkDigest === digest && snapshot.at >= started;
  const since = continues ? started : snapshot.at;
  const streak: DrainStreak = { since, watermarkDigest: digest, polls: continues ? previous.polls + 1 : 1 };
  const restarted = started !== null && !continues;
  const stableFor = Math.floor((snapshot.at - since) / 1000);
  if (streak.polls < 2 || stableFor < input.stableForSeconds) {
    const waiting: DrainBlocker[] = [{ reason: 'not-stable-long-enough' }];
    return { drained: false, blocking: restarted ? [{ reason: 'new-messages' }, ...waiting] : waiting, streak };
  }
  const partitions = snapshot.groups.reduce((n, g) => n + groupPartitions(snapshot, g).length, 0);
  const proof: DrainProof = {
    cluster: input.cluster,
    provenAt: snapshot.at,
    stableForSeconds: stableFor,
    groups: snapshot.groups.length,
    partitions,
  };
  return { drained: true, proof, streak };
}
