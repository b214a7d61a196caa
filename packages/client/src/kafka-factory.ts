import { type Consumer, type ConsumerConfig, Kafka, type KafkaConfig, type Producer, type ProducerConfig } from 'kafkajs';
import type { Cluster } from './contract/bucket.ts';

/** What the canary producer needs from a producer: the kafkajs Sender surface. */
export type ProducerLike = Pick<Producer, 'connect' | 'disconnect' | 'send' | 'sendBatch'>;

/**
 * What the canary consumer needs from a consumer. `on`/`events` are optional because not every
 * KafkaJS-compatible client emits kafkajs instrumentation events; without them a crash is seen
 * only when `run` or `connect` rejects.
 */
export type ConsumerLike = Pick<Consumer, 'connect' | 'disconnect' | 'subscribe' | 'run'> & Partial<Pick<Consumer, 'on' | 'events'>>;

/** Connection settings of one cluster, in kafkajs's shape (brokers, ssl, sasl, timeouts...). */
export type ClusterConnection = KafkaConfig;

export interface ConsumerSpec {
  readonly groupId: string;
  /** Start from the earliest offset when the group has no committed offset (always on green). */
  readonly fromBeginning: boolean;
  readonly config: Omit<ConsumerConfig, 'groupId'>;
}

/**
 * Builds the per-cluster Kafka clients. The default uses kafkajs; a factory for the
 * KafkaJS-compatible API of @confluentinc/kafka-javascript is a few lines (docs/client.md).
 * `cluster` says which side the client is for, e.g. to pick credentials or tag logs.
 */
export interface KafkaClientFactory {
  producer(cluster: Cluster, connection: ClusterConnection, config: ProducerConfig): ProducerLike;
  consumer(cluster: Cluster, connection: ClusterConnection, spec: ConsumerSpec): ConsumerLike;
}

export const kafkajsFactory: KafkaClientFactory = {
  producer: (_cluster, connection, config) => new Kafka(connection).producer(config),
  consumer: (_cluster, connection, spec) => new Kafka(connection).consumer({ ...spec.config, groupId: spec.groupId }),
};
