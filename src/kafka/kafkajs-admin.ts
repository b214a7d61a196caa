import kafkajs, { type Admin, type KafkaConfig } from 'kafkajs';
import type { AclBinding } from '../domain/acl-diff.ts';
import type { GroupPartitionOffset, KafkaAdminPort, NewTopicSpec, PartitionOffsets, TopicDescription } from '../ports/index.ts';
import { KafkaAdminError } from './errors.ts';
import { ANY_ACL, bindingsOf, entryOf } from './kafka-acls.ts';

// kafkajs is CommonJS: Node's ESM loader cannot see its named exports.
const { ConfigResourceTypes, Kafka } = kafkajs;

/** Broker answers meaning "this API is not served here" (e.g. librdkafka's mock cluster). */
const UNSUPPORTED = new Set(['KafkaJSServerDoesNotSupportApiKey', 'KafkaJSNotImplemented']);
const isUnsupported = (error: unknown) => error instanceof Error && UNSUPPORTED.has(error.name);

/** Topic config source 1 is TOPIC_CONFIG: set on the topic itself, not inherited. */
const TOPIC_CONFIG_SOURCE = 1;

const detail = (error: unknown) => (error instanceof Error ? error.name : 'unknown error');

/** KafkaAdminPort (and the readiness ACL port) over kafkajs admin; connects on first use. */
export class KafkajsAdmin implements KafkaAdminPort {
  readonly #admin: Admin;
  #connected: Promise<void> | null = null;

  constructor(config: KafkaConfig) {
    this.#admin = new Kafka(config).admin();
  }

  async #call<T>(operation: string, fn: (admin: Admin) => Promise<T>): Promise<T> {
    try {
      this.#connected ??= this.#admin.connect();
      await this.#connected;
      return await fn(this.#admin);
    } catch (error) {
      if (isUnsupported(error)) throw error;
      throw new KafkaAdminError(operation, detail(error), { cause: error });
    }
  }

  async describeAcls(): Promise<AclBinding[]> {
    const response = await this.#call('describeAcls', (a) => a.describeAcls(ANY_ACL as unknown as Parameters<Admin['describeAcls']>[0]));
    return bindingsOf(response.resources);
  }

  async createAcls(acls: readonly AclBinding[]): Promise<void> {
    if (acls.length === 0) return;
    await this.#call('createAcls', (a) => a.createAcls({ acl: acls.map(entryOf) }));
  }

  async listTopics(): Promise<string[]> {
    const topics = await this.#call('listTopics', (a) => a.listTopics());
    return topics.filter((t) => !t.startsWith('__')).sort();
  }

  async describeTopics(names: readonly string[]): Promise<TopicDescription[]> {
    if (names.length === 0) return [];
    const metadata = await this.#call('fetchTopicMetadata', (a) => a.fetchTopicMetadata({ topics: [...names] }));
    const configs = await this.#topicConfigs(names);
    return metadata.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => ({ partition: p.partitionId, replicas: p.replicas.length })).sort((a, b) => a.partition - b.partition),
      ...(configs === undefined ? {} : { configs: configs[t.name] ?? {} }),
    }));
  }

  async #topicConfigs(names: readonly string[]): Promise<Record<string, Record<string, string>> | undefined> {
    try {
      const described = await this.#call('describeConfigs', (a) =>
        a.describeConfigs({ resources: names.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })), includeSynonyms: false }),
      );
      const byTopic: Record<string, Record<string, string>> = {};
      for (const resource of described.resources) {
        const own = resource.configEntries.filter(
          (e) => !e.isDefault && !e.isSensitive && (e.configSource === undefined || e.configSource === TOPIC_CONFIG_SOURCE),
        );
        byTopic[resource.resourceName] = Object.fromEntries(own.map((e) => [e.configName, e.configValue]));
      }
      return byTopic;
    } catch (error) {
      // kafkajs sends DescribeConfigs to the controller; a broker that names none (librdkafka's
      // mock) cannot describe configs either: report them as unknown, not as a failure.
      const cause = error instanceof KafkaAdminError ? error.cause : error;
      if (isUnsupported(error) || (cause instanceof Error && cause.name === 'KafkaJSBrokerNotFound')) return undefined;
      throw error;
    }
  }

  async topicOffsets(topic: string): Promise<PartitionOffsets[]> {
    const offsets = await this.#call('fetchTopicOffsets', (a) => a.fetchTopicOffsets(topic));
    return offsets.map((o) => ({ partition: o.partition, low: Number(o.low), high: Number(o.high) })).sort((a, b) => a.partition - b.partition);
  }

  async listGroups(): Promise<string[] | null> {
    try {
      const { groups } = await this.#call('listGroups', (a) => a.listGroups());
      return groups.map((g) => g.groupId).sort();
    } catch (error) {
      if (isUnsupported(error)) return null;
      throw error;
    }
  }

  async groupOffsets(groupId: string, topics: readonly string[]): Promise<GroupPartitionOffset[]> {
    if (topics.length === 0) return [];
    const fetched = await this.#call('fetchOffsets', (a) => a.fetchOffsets({ groupId, topics: [...topics] }));
    return fetched.flatMap((t) =>
      t.partitions.map((p) => {
        const offset = Number(p.offset);
        return { topic: t.topic, partition: p.partition, committed: offset >= 0 ? offset : null };
      }),
    );
  }

  async createTopics(topics: readonly NewTopicSpec[]): Promise<void> {
    if (topics.length === 0) return;
    await this.#call('createTopics', (a) =>
      a.createTopics({
        waitForLeaders: true,
        topics: topics.map((t) => ({
          topic: t.name,
          numPartitions: t.partitions,
          replicationFactor: t.replicationFactor,
          configEntries: Object.entries(t.configs).map(([name, value]) => ({ name, value })),
        })),
      }),
    );
  }

  async alterTopicConfigs(topic: string, configs: Readonly<Record<string, string>>): Promise<void> {
    const configEntries = Object.entries(configs).map(([name, value]) => ({ name, value }));
    if (configEntries.length === 0) return;
    await this.#call('alterConfigs', (a) =>
      a.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configEntries }] }),
    );
  }

  async disconnect(): Promise<void> {
    if (this.#connected === null) return;
    this.#connected = null;
    await this.#admin.disconnect();
  }
}
