import type { GroupPartitionOffset, KafkaAdminPort, NewTopicSpec, PartitionOffsets, TopicDescription } from '../../../src/ports/index.ts';

interface Partition {
  low: number;
  high: number;
  replicas: number;
}

/**
 * One Kafka cluster's admin view in memory: topics with watermarks and configs, groups with
 * committed offsets. `produce` and `commit` move it the way clients would.
 */
export class MemoryKafkaAdmin implements KafkaAdminPort {
  readonly #topics = new Map<string, { partitions: Partition[]; configs: Record<string, string> }>();
  readonly #commits = new Map<string, Map<string, number>>();
  /** False imitates a broker without ListGroups (librdkafka's mock cluster). */
  listGroupsSupported = true;
  disconnects = 0;

  addTopic(name: string, partitions: number, options: { replicas?: number; configs?: Record<string, string> } = {}): this {
    const list = Array.from({ length: partitions }, () => ({ low: 0, high: 0, replicas: options.replicas ?? 3 }));
    this.#topics.set(name, { partitions: list, configs: { ...(options.configs ?? {}) } });
    return this;
  }

  produce(topic: string, partition: number, count: number): this {
    const p = this.#topics.get(topic)?.partitions[partition];
    if (p === undefined) throw new RangeError(`no partition ${topic}/${partition}`);
    p.high += count;
    return this;
  }

  commit(group: string, topic: string, partition: number, offset: number): this {
    const commits = this.#commits.get(group) ?? new Map<string, number>();
    commits.set(`${topic}/${partition}`, offset);
    this.#commits.set(group, commits);
    return this;
  }

  /** Commits every partition of the topic at its high watermark: the group consumed everything. */
  catchUp(group: string, topic: string): this {
    (this.#topics.get(topic)?.partitions ?? []).forEach((p, i) => {
      this.commit(group, topic, i, p.high);
    });
    return this;
  }

  async listTopics(): Promise<string[]> {
    return [...this.#topics.keys()].filter((t) => !t.startsWith('__')).sort();
  }

  async describeTopics(names: readonly string[]): Promise<TopicDescription[]> {
    return names.flatMap((name) => {
      const topic = this.#topics.get(name);
      if (topic === undefined) return [];
      return [{ name, partitions: topic.partitions.map((p, i) => ({ partition: i, replicas: p.replicas })), configs: { ...topic.configs } }];
    });
  }

  async topicOffsets(topic: string): Promise<PartitionOffsets[]> {
    return (this.#topics.get(topic)?.partitions ?? []).map((p, i) => ({ partition: i, low: p.low, high: p.high }));
  }

  async listGroups(): Promise<string[] | null> {
    return this.listGroupsSupported ? [...this.#commits.keys()].sort() : null;
  }

  async groupOffsets(groupId: string, topics: readonly string[]): Promise<GroupPartitionOffset[]> {
    const commits = this.#commits.get(groupId);
    return topics.flatMap((topic) =>
      (this.#topics.get(topic)?.partitions ?? []).map((_, partition) => ({ topic, partition, committed: commits?.get(`${topic}/${partition}`) ?? null })),
    );
  }

  async createTopics(topics: readonly NewTopicSpec[]): Promise<void> {
    for (const t of topics) this.addTopic(t.name, t.partitions, { replicas: t.replicationFactor, configs: { ...t.configs } });
  }

  async alterTopicConfigs(topic: string, configs: Readonly<Record<string, string>>): Promise<void> {
    const found = this.#topics.get(topic);
    if (found !== undefined) found.configs = { ...configs };
  }

  async disconnect(): Promise<void> {
    this.disconnects += 1;
  }
}
