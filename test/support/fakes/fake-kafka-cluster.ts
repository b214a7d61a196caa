import type {
  ClusterDescription,
  ConsumerGroupInspector,
  ConsumerGroupState,
  GroupPartitionOffset,
  KafkaAdminPort,
  LambdaKafkaTrigger,
  LambdaKafkaTriggers,
  NewLambdaKafkaTrigger,
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

/** One Kafka cluster in memory behind the admin and group ports; records every write. */
export class FakeKafkaCluster implements KafkaAdminPort, ConsumerGroupInspector {
  readonly topics = new Map<string, FakeTopic>();
  readonly groups = new Map<string, FakeGroup>();
  readonly writes: { op: string; args: unknown }[] = [];
  readonly can: Capabilities = { listGroups: true, describeGroups: true, describeConfigs: true, reachable: true };

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

  async disconnect(): Promise<void> {}
}

/** Lambda event source mappings in memory; records every write. */
export class FakeTriggers implements LambdaKafkaTriggers {
  readonly mappings: LambdaKafkaTrigger[] = [];
  readonly writes: { op: string; args: unknown }[] = [];
  #next = 1;

  add(trigger: Partial<LambdaKafkaTrigger> & Pick<LambdaKafkaTrigger, 'sourceArn' | 'functionArn' | 'topics'>): this {
    this.mappings.push({ uuid: `uuid-${this.#next++}`, state: 'Enabled', sourceAccess: [], filterPatterns: [], ...trigger });
    return this;
  }

  async list(sourceArn: string): Promise<LambdaKafkaTrigger[]> {
    return this.mappings.filter((m) => m.sourceArn === sourceArn);
  }

  async create(trigger: NewLambdaKafkaTrigger): Promise<string> {
    this.writes.push({ op: 'create', args: trigger });
    const { enabled, ...rest } = trigger;
    const uuid = `uuid-${this.#next++}`;
    this.mappings.push({ ...rest, uuid, state: enabled ? 'Creating' : 'Disabled' });
    return uuid;
  }

  async enable(uuid: string): Promise<void> {
    this.writes.push({ op: 'enable', args: uuid });
    const found = this.mappings.find((m) => m.uuid === uuid);
    if (found) Object.assign(found, { state: 'Enabling' });
  }
}

export function clusterDescription(overrides: Partial<ClusterDescription> = {}): ClusterDescription {
  return {
    arn: 'arn',
    name: 'cluster',
    state: 'ACTIVE',
    currentVersion: 'K1',
    kafkaVersion: '3.7.x',
    brokerCount: 6,
    instanceType: 'kafka.m7g.large',
    storageGiB: 1000,
    authentication: ['scram-sha-512'],
    subnets: ['subnet-a', 'subnet-b', 'subnet-c'],
    securityGroups: ['sg-1'],
    ...overrides,
  };
}
