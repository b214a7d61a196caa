import type {
  ClusterRegistry,
  ConsumerGroupInspector,
  KafkaAdminPort,
  LambdaKafkaTriggers,
  SchemaRegistryPort,
} from '../ports/index.ts';

/** Kafka reads only: the blue side is typed so that no check can write to it. */
export type KafkaReader = Pick<KafkaAdminPort, 'listTopics' | 'describeTopics' | 'topicOffsets' | 'listGroups' | 'groupOffsets'>;
export type KafkaWriter = KafkaReader & Pick<KafkaAdminPort, 'createTopics' | 'alterTopicConfigs'>;

export type SchemaRegistryReader = Pick<SchemaRegistryPort, 'subjects' | 'versions' | 'schema' | 'compatibility' | 'mode'>;

export interface BlueSide {
  readonly kafka: KafkaReader;
  readonly groups: ConsumerGroupInspector;
  /** Present when the plan names blue's schema registry. */
  readonly registry?: SchemaRegistryReader;
}

export interface GreenSide {
  readonly kafka: KafkaWriter;
  readonly groups: ConsumerGroupInspector;
  /** Present when the plan names green's schema registry. */
  readonly registry?: SchemaRegistryPort;
}

/**
 * Everything the readiness checks reach. Lambda triggers are written only with green's ARN as
 * the source; the tests assert it.
 */
export interface ReadinessPorts {
  readonly clusters: Pick<ClusterRegistry, 'describe'>;
  readonly blue: BlueSide;
  readonly green: GreenSide;
  readonly triggers: LambdaKafkaTriggers;
}

/** Ports opened for one plan (connections to its clusters and registries), closed after use. */
export interface OpenedReadinessPorts {
  readonly ports: ReadinessPorts;
  close(): Promise<void>;
}
