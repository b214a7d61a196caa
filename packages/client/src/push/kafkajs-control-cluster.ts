import { Kafka, type KafkaConfig } from 'kafkajs';
import { PushUnsupportedError } from '../errors.ts';
import { quietIdleRequestQueues, releaseIdleConnections } from './kafkajs-idle-connections.ts';

/**
 * The part of kafkajs's internal Cluster that a group-less reader needs. kafkajs 2.x has no
 * public assign(): its consumer always joins a group. Its admin, producer and consumer are all
 * built on this Cluster, whose broker pool, metadata, ListOffsets and Fetch (with record-batch
 * decoding, SASL and TLS) are exactly what reading one partition takes. It is reached through
 * the Kafka client's own factory, so the service's connection settings (brokers, ssl, sasl,
 * socketFactory, logCreator) apply unchanged. Risks and the fallback: docs/client.md, "Push".
 */
export interface ControlCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  refreshMetadata(): Promise<void>;
  findTopicPartitionMetadata(topic: string): readonly { partitionId: number; leader: number | null }[];
  fetchTopicsOffset(
    topics: readonly { topic: string; partitions: readonly { partition: number }[]; fromBeginning: boolean }[],
  ): Promise<readonly { topic: string; partitions: readonly { partition: number; offset: string }[] }[]>;
  findBroker(args: { nodeId: string }): Promise<ControlBroker>;
  /**
   * Closes the connections that a reader which only fetches from `broker` no longer needs
   * (bootstrap, metadata, ListOffsets), keeping the one its Fetch requests use. Optional.
   */
  releaseIdleConnections?(broker: ControlBroker): Promise<void>;
}

export interface FetchedRecord {
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: string;
  readonly isControlRecord?: boolean;
}

export interface ControlBroker {
  fetch(request: {
    replicaId: number;
    isolationLevel: number;
    maxWaitTime: number;
    minBytes: number;
    maxBytes: number;
    topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[];
  }): Promise<{ responses: { topic: string; partitions: { partition: number; highWatermark: string; messages: FetchedRecord[] }[] }[] }>;
}

/** Builds the internal Cluster of one connection; throws PushUnsupportedError on a kafkajs without it. */
export type ControlClusterFactory = (connection: KafkaConfig) => ControlCluster;

const CREATE_CLUSTER = 'private:Kafka:createCluster';

export const kafkajsControlCluster: ControlClusterFactory = (connection) => {
  const kafka = new Kafka(connection);
  const symbol = Object.getOwnPropertySymbols(kafka).find((s) => s.description === CREATE_CLUSTER);
  const create = symbol === undefined ? undefined : (kafka as unknown as Record<symbol, unknown>)[symbol];
  if (typeof create !== 'function') throw new PushUnsupportedError('this kafkajs version does not expose its cluster factory');
  // No auto-creation: a missing control topic must read as missing, not be created by a client.
  const cluster = create({ allowAutoTopicCreation: false, metadataMaxAge: 300_000 }) as Partial<ControlCluster>;
  quietIdleRequestQueues(cluster);
  for (const method of [
    'connect',
    'disconnect',
    'addTargetTopic',
    'refreshMetadata',
    'findTopicPartitionMetadata',
    'fetchTopicsOffset',
    'findBroker',
  ] as const) {
    if (typeof cluster[method] !== 'function') throw new PushUnsupportedError(`this kafkajs version's cluster has no ${method}()`);
  }
  cluster.releaseIdleConnections = (broker) => releaseIdleConnections(cluster, broker);
  return cluster as ControlCluster;
};
