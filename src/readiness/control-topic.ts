import { type Cluster, CONTROL_TOPIC_CONFIG } from '@kraft-canary/client/contract';
import type { KafkaAdminPort } from '../ports/index.ts';
import { type CheckRow, row, safeReason } from './check-row.ts';

/** Broker default replication (-1, Kafka 2.4+): MSK sets it to the cluster's AZ count. */
const BROKER_DEFAULT_REPLICATION = -1;

/**
 * Creates the compacted control topic on each cluster where it is missing (CreateTopics is
 * idempotent: an existing topic is left as it is). Push is an accelerator, not a dependency:
 * a cluster that refuses is a warning, and its clients keep polling SSM at the short interval.
 */
export async function ensureControlTopic(admins: Readonly<Record<Cluster, Pick<KafkaAdminPort, 'createTopics'>>>, topic: string): Promise<CheckRow[]> {
  const spec = {
    name: topic,
    partitions: CONTROL_TOPIC_CONFIG.partitions,
    replicationFactor: BROKER_DEFAULT_REPLICATION,
    configs: CONTROL_TOPIC_CONFIG.configs,
  };
  const sides: Cluster[] = ['blue', 'green'];
  return Promise.all(
    sides.map(async (side) => {
      try {
        await admins[side].createTopics([spec]);
        return row(`control-topic/${side}`, 'ok', `${topic} present (created when missing: compacted, ${spec.partitions} partition)`);
      } catch (error) {
        return row(
          `control-topic/${side}`,
          'warn',
          `${topic} could not be created on ${side} (${safeReason(error)}): its clients get no push and poll SSM every 15 s`,
        );
      }
    }),
  );
}
