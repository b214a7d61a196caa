import type {
  ConsumerGroupInspector,
  ConsumerGroupState,
  GroupPartitionOffset,
  KafkaAdminPort,
  NewTopicSpec,
  PartitionOffsets,
  TopicDescription,
} from '../../../src/ports/index.ts';

export interface FakeTopic {
  partitions: number;
  replicas: number;
  configs: Record<string, string>;
  /** High watermark per partition; low is 0. */
  high?: number[];
}

export interface FakeGroup {
  /** Committed offset per topic and partition (null: no commit). */
  committed: Record<string, (number | null)[]>;
  state?: string;
  members?: number;
  assigned?: string[];
}

export interface Capabilities {
  listGroups: boolean;
  describeGroups: boolean;
  describeConfigs: boolean;
  reachable: boolean;
}

/**
 * One Kafka cluster in memory behind the admin and group ports: topics with watermarks and
 * configs, groups with committed offsets; records every write. `produce`, `commit` and `catchUp`
 * move it the way clients would.
 */
export class FakeKafkaCluster implements KafkaAdminPort, ConsumerGroupInspector {
  readonly topics = new Map<string, FakeTopic>();
  readonly groups = new Map<string, FakeGroup>();
  readonly writes: { op: string; args: unknown }[] = [];
  readonly can: Capabilities = { listGroups: true, describeGroups: true, describeConfigs: true, reachable: true };
  disconnects = 0;

  /** False imitates a broker without ListGroups (librdkafka's mock cluster). */
  get listGroupsSupported(): boolean {
    return this.can.listGroups;
  }

  set listGroupsSupported(supported: boolean) {
    this.can.listGroups = supported;
  }

  addTopic(name: string, partitions: number, options: { replicas?: number; configs?: Record<string, string> } = {}): this {
    return this.topic(
      name,
      partitions,
      options.replicas ?? 3,
      options.configs ?? {},
      Array.from({ length: partitions }, () => 0),
    );
  }

  produce(topic: string, partition: number, count: number): this {
    const t = this.topics.get(topic);
    if (t === undefined || partition < 0 || partition >= t.partitions) throw new RangeError(`no partition ${topic}/${partition}`);
    const high = t.high ?? Array.from({ length: t.partitions }, () => 0);
    high[partition] = (high[partition] ?? 0) + count;
    t.high = high;
    return this;
  }

  commit(group: string, topic: string, partition: number, offset: number): this {
    const g = this.groups.get(group) ?? { committed: {} };
    const committed = g.committed[topic] ?? [];
    committed[partition] = offset;
    g.committed[topic] = Array.from({ length: Math.max(committed.length, this.topics.get(topic)?.partitions ?? 0) }, (_, i) => committed[i] ?? null);
    this.groups.set(group, g);
    return this;
  }

  /** Commits every partition of the topic at its high watermark: the group consumed everything. */
  catchUp(group: string, topic: string): this {
    const t = this.topics.get(topic);
    for (let partition = 0; partition < (t?.partitions ?? 0); partition++) this.commit(group, topic, partition, t?.high?.[partition] ?? 0);
    return this;
  }

  topic(name: string, partitions: number, replicas: number, configs: Record<string, string> = {}, high?: number[]): this {
    this.topics.set(name, { partitions, replicas, configs: { ...configs }, ...(high ? { high } : {}) });
    return this;
  }

  group(id: string, group: FakeGroup): this {
    this.groups.set(id, group);
    return this;
  }

  #reach(): void {
    if (!this.can.reachable) throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:9098'), { name: 'KafkaJSConnectionError' });
  }

  async listTopics(): Promise<string[]> {
    this.#reach();
    return [...this.topics.keys()].filter((t) => !t.startsWith('__')).sort();
  }

  async describeTopics(names: readonly string[]): Promise<TopicDescription[]> {
    this.#reach();
    return names.flatMap((name) => {
      const t = this.topics.get(name);
      if (!t) return [];
      const partitions = Array.from({ length: t.partitions }, (_, partition) => ({ partition, replicas: t.replicas }));
      return [{ name, partitions, ...(this.can.describeConfigs ? { configs: { ...t.configs } } : {}) }];
    });
  }

  async topicOffsets(topic: string): Promise<PartitionOffsets[]> {
    const t = this.topics.get(topic);
    if (!t) throw Object.assign(new Error('unknown topic'), { name: 'KafkaJSProtocolError' });
    return Array.from({ length: t.partitions }, (_, partition) => ({ partition, low: 0, high: t.high?.[partition] ?? 0 }));
  }

  async listGroups(): Promise<string[] | null> {
    this.#reach();
    return this.can.listGroups ? [...this.groups.keys()].sort() : null;
  }

  async groupOffsets(groupId: string, topics: readonly string[]): Promise<GroupPartitionOffset[]> {
    const group = this.groups.get(groupId);
    return topics.flatMap((topic) => {
      if (!this.topics.has(topic)) throw Object.assign(new Error('unknown topic'), { name: 'KafkaJSProtocolError' });
      const partitions = this.topics.get(topic)?.partitions ?? 0;
      return Array.from({ length: partitions }, (_, partition) => ({ topic, partition, committed: group?.committed[topic]?.[partition] ?? null }));
    });
  }

  async describeGroups(groupIds: readonly string[]): Promise<ConsumerGroupState[] | null> {
    if (!this.can.describeGroups) return null;
    return groupIds.map((groupId) => {
      const g = this.groups.get(groupId);
      return { groupId, state: g?.state ?? 'Dead', members: g?.members ?? 0, assignedTopics: g?.assigned ?? [] };
    });
  }

  async createTopics(topics: readonly NewTopicSpec[]): Promise<void> {
    this.writes.push({ op: 'createTopics', args: topics });
    for (const t of topics) this.topic(t.name, t.partitions, t.replicationFactor, { ...t.configs });
  }

  async alterTopicConfigs(topic: string, configs: Readonly<Record<string, string>>): Promise<void> {
    this.writes.push({ op: 'alterTopicConfigs', args: { topic, configs } });
    const t = this.topics.get(topic);
    // AlterConfigs (not incremental) replaces the topic's whole set, as kafkajs sends it.
    if (t) t.configs = { ...configs };
  }

  async disconnect(): Promise<void> {
    this.disconnects += 1;
  }
}
