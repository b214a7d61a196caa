/** The Amazon MSK control plane (@aws-sdk/client-kafka in src/aws/). */

export interface ClusterDescription {
  readonly arn: string;
  readonly name: string;
  /** ACTIVE, CREATING, UPDATING, DELETING, FAILED, ... */
  readonly state: string;
  readonly currentVersion: string;
  readonly kafkaVersion?: string;
  /** 'KRAFT' or 'ZOOKEEPER' when MSK reports it. */
  readonly metadataMode?: 'KRAFT' | 'ZOOKEEPER';
  readonly brokerCount?: number;
  readonly instanceType?: string;
  readonly storageGiB?: number;
  readonly authentication?: readonly string[];
  readonly subnets?: readonly string[];
  readonly securityGroups?: readonly string[];
}

export interface ClusterRegistry {
  describe(arn: string): Promise<ClusterDescription>;
  /** DeleteCluster guarded by CurrentVersion (MSK refuses when it no longer matches). */
  delete(arn: string, currentVersion: string): Promise<void>;
}
