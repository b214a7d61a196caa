import type { AclBinding } from '../domain/acl-diff.ts';
import type { ClusterRegistry, ConsumerGroupInspector, KafkaAdminPort, LambdaKafkaTriggers, SchemaRegistryPort } from '../ports/index.ts';

/** One decision of an IAM policy simulation (SimulatePrincipalPolicy). */
export interface IamDecision {
  readonly action: string;
  readonly resource: string;
  readonly allowed: boolean;
}

/** What an IAM principal may do, as IAM's policy simulator answers it. Never edits IAM. */
export interface PrincipalPolicySimulator {
  simulate(principalArn: string, actions: readonly string[], resourceArns: readonly string[]): Promise<IamDecision[]>;
}

/** SCRAM secrets associated with MSK clusters (ListScramSecrets / BatchAssociateScramSecret). */
export interface ScramSecretAssociations {
  list(clusterArn: string): Promise<string[]>;
  associate(clusterArn: string, secretArns: readonly string[]): Promise<void>;
}

/** Kafka ACLs of a cluster (DescribeAcls). */
export interface KafkaAclReader {
  describeAcls(): Promise<AclBinding[]>;
}

export interface KafkaAclWriter extends KafkaAclReader {
  createAcls(acls: readonly AclBinding[]): Promise<void>;
}

/** Kafka reads only: the blue side is typed so that no check can write to it. */
export type KafkaReader = Pick<KafkaAdminPort, 'listTopics' | 'describeTopics' | 'topicOffsets' | 'listGroups' | 'groupOffsets'>;
export type KafkaWriter = KafkaReader & Pick<KafkaAdminPort, 'createTopics' | 'alterTopicConfigs'>;

export type SchemaRegistryReader = Pick<SchemaRegistryPort, 'subjects' | 'versions' | 'schema' | 'compatibility' | 'mode'>;

export interface BlueSide {
  readonly kafka: KafkaReader;
  readonly groups: ConsumerGroupInspector;
  /** Present when the plan names blue's schema registry. */
  readonly registry?: SchemaRegistryReader;
  readonly acls?: KafkaAclReader;
}

export interface GreenSide {
  readonly kafka: KafkaWriter;
  readonly groups: ConsumerGroupInspector;
  /** Present when the plan names green's schema registry. */
  readonly registry?: SchemaRegistryPort;
  readonly acls?: KafkaAclWriter;
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
  /** Client authorization on IAM and SCRAM clusters; without it those checks fail as not run. */
  readonly iam?: PrincipalPolicySimulator;
  readonly scram?: ScramSecretAssociations;
  /** The control topic routing is pushed on; default `__kraft-canary-routing`. */
  readonly controlTopic?: string;
}

/** Ports opened for one plan (connections to its clusters and registries), closed after use. */
export interface OpenedReadinessPorts {
  readonly ports: ReadinessPorts;
  close(): Promise<void>;
}
