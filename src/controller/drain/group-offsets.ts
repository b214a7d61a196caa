import { plannedGroups } from '../../domain/group-class.ts';
import type { Plan } from '../../domain/plan.ts';
import type { KafkaAdminPort } from '../../ports/index.ts';
import { isExcluded } from '../../readiness/topic-parity.ts';

export interface PartitionWatermark {
  topic: string;
  partition: number;
  high: number;
  low: number;
}

export interface GroupOffsets {
  group: string;
  /** Only topics the group committed on: a group says nothing about topics it never read. */
  partitions: (PartitionWatermark & { committed: number | null })[];
}

export interface OffsetsSnapshot {
  topics: PartitionWatermark[];
  groups: GroupOffsets[];
  /** False when the broker cannot list groups and only the plan's groups were checked. */
  groupsListed: boolean;
}

type Reader = Pick<KafkaAdminPort, 'listTopics' | 'topicOffsets' | 'listGroups' | 'groupOffsets'>;

/** Committed offsets of every group against the topics' watermarks, on one cluster. */
export async function collectOffsets(admin: Reader, plan: Plan): Promise<OffsetsSnapshot> {
  const names = (await admin.listTopics()).filter((t) => !isExcluded(t, plan.topics.exclude));
  const topics: PartitionWatermark[] = [];
  for (const topic of names) {
    for (const p of await admin.topicOffsets(topic)) topics.push({ topic, partition: p.partition, high: p.high, low: p.low });
  }
  const listed = await admin.listGroups();
  const groupIds = [...new Set([...(listed ?? []), ...plannedGroups(plan)])].sort();
  const watermark = new Map(topics.map((t) => [`${t.topic}/${t.partition}`, t]));
  const groups: GroupOffsets[] = [];
  for (const group of groupIds) {
    const committed = (await admin.groupOffsets(group, names)).filter((o) => o.committed !== null);
    const partitions = committed.flatMap((o) => {
      const mark = watermark.get(`${o.topic}/${o.partition}`);
      return mark === undefined ? [] : [{ ...mark, committed: o.committed }];
    });
    groups.push({ group, partitions });
  }
  return { topics, groups, groupsListed: listed !== null };
}

/** Messages behind per group: high watermark minus committed offset, summed over its partitions. */
export function groupLag(group: GroupOffsets): number {
  return group.partitions.reduce((sum, p) => sum + Math.max(0, p.high - (p.committed ?? p.low)), 0);
}
