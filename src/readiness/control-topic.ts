import { type Cluster, CONTROL_TOPIC_CONFIG } from '@kraft-canary/client/contract';
import type { KafkaAdminPort } from '../ports/index.ts';
import { type CheckOutcome, type CheckRow, row, type SyncAction, safeReason } from './check-row.ts';

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

/** Whether the topic exists: internal topics are not listed, so it is described; an error leaves it unknown (null). */
async function exists(kafka: Pick<KafkaAdminPort, 'describeTopics'>, topic: string): Promise<boolean | null> {
  try {
    return (await kafka.describeTopics([topic])).some((t) => t.name === topic);
  } catch {
    return null;
  }
}

const presence = (side: Cluster, topic: string, found: boolean | null, missing: string): CheckRow =>
  found === true
    ? row(`control-topic/${side}`, 'ok', `${topic} present`)
    : row(`control-topic/${side}`, 'warn', `${topic} ${found === null ? 'could not be described' : 'missing'} on ${side}: ${missing}`);

/**
 * Readiness: whether the control topic exists on each cluster. `--sync` (scope `topics`) creates
 * it on green; readiness never writes to blue, where the first preflight creates it. Missing is a
 * warning: push is an accelerator, and clients poll SSM until the topic is there.
 */
export async function checkControlTopic(
  kafka: { readonly blue: Pick<KafkaAdminPort, 'describeTopics'>; readonly green: Pick<KafkaAdminPort, 'describeTopics' | 'createTopics'> },
  topic: string,
): Promise<CheckOutcome> {
  const [onBlue, onGreen] = await Promise.all([exists(kafka.blue, topic), exists(kafka.green, topic)]);
  const rows = [
    presence('blue', topic, onBlue, 'the first preflight creates it (readiness never writes to blue); until then clients poll SSM'),
    presence('green', topic, onGreen, `--sync creates it (compacted, ${CONTROL_TOPIC_CONFIG.partitions} partition); until then clients poll SSM`),
  ];
  const spec = {
    name: topic,
    partitions: CONTROL_TOPIC_CONFIG.partitions,
    replicationFactor: BROKER_DEFAULT_REPLICATION,
    configs: CONTROL_TOPIC_CONFIG.configs,
  };
  const actions: SyncAction[] =
    onGreen === true
      ? []
      : [
          {
            scope: 'topics',
            description: `create the control topic ${topic} on green (compacted, ${spec.partitions} partition)`,
            run: () => kafka.green.createTopics([spec]),
          },
        ];
  return { rows, actions };
}
