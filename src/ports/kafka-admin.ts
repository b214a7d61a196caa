/** Kafka cluster inspection and topic administration (kafkajs admin in src/kafka/). */
import type { Cluster } from '@kraft-canary/client/contract';
import type { Plan } from '../domain/plan.ts';

export interface TopicPartitionInfo {
  readonly partition: number;
  readonly replicas: number;
}

export interface TopicDescription {
  readonly name: string;
  readonly partitions: readonly TopicPartitionInfo[];
  /** Non-default topic-level configs; undefined when the broker cannot describe configs. */
  readonly configs?: Readonly<Record<string, string>>;
}

export interface PartitionOffsets {
  readonly partition: number;
  readonly low: number;
  readonly high: number;
}

export interface GroupPartitionOffset {
  readonly topic: string;
  readonly partition: number;
  /** Committed offset; null when the group never committed on this partition. */
  readonly committed: number | null;
}

export interface NewTopicSpec {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly configs: Readonly<Record<string, string>>;
}

export interface KafkaAdminPort {
  /** Topic names, internal topics (leading "__") excluded. */
  listTopics(): Promise<string[]>;
  describeTopics(names: readonly string[]): Promise<TopicDescription[]>;
  topicOffsets(topic: string): Promise<PartitionOffsets[]>;
  /** Group ids, or null when the broker does not support ListGroups. */
  listGroups(): Promise<string[] | null>;
  groupOffsets(groupId: string, topics: readonly string[]): Promise<GroupPartitionOffset[]>;
  createTopics(topics: readonly NewTopicSpec[]): Promise<void>;
  alterTopicConfigs(topic: string, configs: Readonly<Record<string, string>>): Promise<void>;
  disconnect(): Promise<void>;
}

/** A kafkajs admin (or a local one) for one side of the plan; the caller disconnects it. */
export type KafkaAdmins = (plan: Plan, side: Cluster) => Promise<KafkaAdminPort>;
