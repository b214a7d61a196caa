import type { Cluster } from '@kraft-canary/client/contract';
import type { Plan } from '../../domain/plan.ts';
import type { KafkaAdminPort, KafkaAdmins, NewTopicSpec, TopicDescription } from '../../ports/index.ts';
import type { WouldWrite } from './dry-run-ports.ts';

interface Overlay {
  readonly created: Map<string, NewTopicSpec>;
  readonly configs: Map<string, Readonly<Record<string, string>>>;
}

const described = (spec: NewTopicSpec): TopicDescription => ({
  name: spec.name,
  partitions: Array.from({ length: spec.partitions }, (_, partition) => ({ partition, replicas: spec.replicationFactor })),
  configs: { ...spec.configs },
});

/** Reads the real cluster; topics it would create and configs it would set are answered from the overlay. */
function overlayAdmin(real: KafkaAdminPort, side: Cluster, overlay: Overlay, record: WouldWrite): KafkaAdminPort {
  const withConfigs = (t: TopicDescription): TopicDescription => {
    const configs = overlay.configs.get(t.name);
    return configs === undefined ? t : { ...t, configs: { ...configs } };
  };
  return {
    // As the port says: internal topics (leading "__", the control topic among them) are not listed.
    listTopics: async () => [...new Set([...(await real.listTopics()), ...[...overlay.created.keys()].filter((t) => !t.startsWith('__'))])],
    describeTopics: async (names) => {
      const existing = await real.describeTopics(names.filter((n) => !overlay.created.has(n)));
      const created = names.flatMap((n) => {
        const spec = overlay.created.get(n);
        return spec === undefined ? [] : [described(spec)];
      });
      return [...existing, ...created].map(withConfigs);
    },
    topicOffsets: async (topic) => {
      const spec = overlay.created.get(topic);
      if (spec === undefined) return real.topicOffsets(topic);
      return Array.from({ length: spec.partitions }, (_, partition) => ({ partition, low: 0, high: 0 }));
    },
    listGroups: () => real.listGroups(),
    groupOffsets: (group, topics) => real.groupOffsets(group, topics),
    createTopics: async (topics) => {
      for (const spec of topics) {
        overlay.created.set(spec.name, spec);
        const replication = spec.replicationFactor < 0 ? "the broker's default" : spec.replicationFactor;
        record(`create topic ${spec.name} on ${side} (${spec.partitions} partitions, replication factor ${replication})`);
      }
    },
    alterTopicConfigs: async (topic, configs) => {
      overlay.configs.set(topic, configs);
      record(`set the topic configs of ${topic} on ${side} (${Object.keys(configs).length} configs)`);
    },
    disconnect: () => real.disconnect(),
  };
}

/**
 * Kafka admins that never write: topic creation and config changes (the plan's `topics.sync`)
 * are recorded and then answered as done, so that topic parity is judged as it would be after them.
 */
export function dryRunKafka(kafka: KafkaAdmins, record: WouldWrite): KafkaAdmins {
  const overlays: Record<Cluster, Overlay> = {
    blue: { created: new Map(), configs: new Map() },
    green: { created: new Map(), configs: new Map() },
  };
  return async (plan: Plan, side: Cluster) => overlayAdmin(await kafka(plan, side), side, overlays[side], record);
}
