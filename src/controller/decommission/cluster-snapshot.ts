import type { Plan } from '../../domain/plan.ts';
import type { ClusterDescription, KafkaAdminPort, TopicDescription } from '../../ports/index.ts';
import { collectOffsets, type OffsetsSnapshot } from '../drain/group-offsets.ts';

/** What blue held at deletion: enough to rebuild its topics and to answer "where were the offsets". */
export interface ClusterSnapshot {
  readonly takenAt: string;
  readonly migration: string;
  readonly executionArn: string;
  readonly cluster: ClusterDescription;
  readonly topics: TopicDescription[];
  readonly offsets: OffsetsSnapshot;
}

export async function snapshotCluster(
  admin: KafkaAdminPort,
  plan: Plan,
  cluster: ClusterDescription,
  context: { at: number; executionArn: string },
): Promise<ClusterSnapshot> {
  const names = await admin.listTopics();
  const topics = await admin.describeTopics(names);
  const offsets = await collectOffsets(admin, plan);
  return { takenAt: new Date(context.at).toISOString(), migration: plan.migration, executionArn: context.executionArn, cluster, topics, offsets };
}
