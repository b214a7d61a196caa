import type { Cluster } from '@kraft-canary/client/contract';
import type { KafkaAdminPort } from '../../ports/index.ts';
import type { ServiceLayout } from './fleet-layout.ts';
import type { LogPosition } from './message-ledger.ts';

export interface Undelivered {
  readonly id: string;
  readonly cluster: Cluster;
  readonly position: LogPosition | null;
}

/** A group's committed offset on one partition: null when it never committed there, undefined when unknown. */
export type CommittedOffset = (cluster: Cluster, topic: string, partition: number) => number | null | undefined;

/**
 * Which acknowledged, never-delivered messages are stranded rather than lost: still in a
 * running cluster's log at or after their group's committed offset, so a consumer of the group
 * would read them next (the rehearsal stopped before consumers caught up). The rest are lost:
 * their cluster is gone, their group committed past them, or where they are is unknown.
 */
export function strandedIds(undelivered: readonly Undelivered[], committed: CommittedOffset): Set<string> {
  const stranded = new Set<string>();
  for (const message of undelivered) {
    const { position } = message;
    if (position === null) continue;
    const from = committed(message.cluster, position.topic, position.partition);
    if (from === undefined) continue;
    if (from === null || position.offset >= from) stranded.add(message.id);
  }
  return stranded;
}

/** The committed offsets of every service's group on the clusters that still run (null admin: stopped). */
export async function readCommittedOffsets(
  layout: readonly ServiceLayout[],
  admins: Readonly<Record<Cluster, KafkaAdminPort | null>>,
): Promise<CommittedOffset> {
  const known = new Map<string, number | null>();
  const key = (cluster: Cluster, topic: string, partition: number) => `${cluster}/${topic}/${partition}`;
  for (const cluster of ['blue', 'green'] as const) {
    const admin = admins[cluster];
    if (admin === null) continue;
    for (const service of layout) {
      try {
        const [offsets, committed] = await Promise.all([admin.topicOffsets(service.topic), admin.groupOffsets(service.group, [service.topic])]);
        for (const p of offsets) {
          const c = committed.find((x) => x.topic === service.topic && x.partition === p.partition)?.committed ?? null;
          known.set(key(cluster, service.topic, p.partition), c);
        }
      } catch {
        // Unknown: counted as lost, never as stranded.
      }
    }
  }
  return (cluster, topic, partition) => known.get(key(cluster, topic, partition));
}
