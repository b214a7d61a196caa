import { type Cluster, DeleteClusterCommand, DescribeClusterV2Command, type KafkaClient } from '@aws-sdk/client-kafka';
import type { ClusterDescription, ClusterRegistry } from '../ports/index.ts';
import { AwsCallError, translateAwsError } from './errors.ts';

/** MSK reports no metadata mode; KRaft clusters run 4.x or a `.kraft` 3.x version and have no ZooKeeper endpoint. */
function metadataMode(cluster: Cluster): ClusterDescription['metadataMode'] {
  const version = cluster.Provisioned?.CurrentBrokerSoftwareInfo?.KafkaVersion;
  if (version === undefined) return undefined;
  const major = Number(version.split('.')[0]);
  if (version.toLowerCase().includes('kraft') || major >= 4) return 'KRAFT';
  return cluster.Provisioned?.ZookeeperConnectString ? 'ZOOKEEPER' : undefined;
}

function authentication(cluster: Cluster): string[] {
  const auth = cluster.Provisioned?.ClientAuthentication;
  const kinds: [string, boolean | undefined][] = [
    ['iam', auth?.Sasl?.Iam?.Enabled],
    ['scram-sha-512', auth?.Sasl?.Scram?.Enabled],
    ['tls', auth?.Tls?.Enabled],
    ['none', auth?.Unauthenticated?.Enabled],
  ];
  return kinds.filter(([, enabled]) => enabled === true).map(([kind]) => kind);
}

export function toClusterDescription(cluster: Cluster): ClusterDescription {
  const provisioned = cluster.Provisioned;
  const nodes = provisioned?.BrokerNodeGroupInfo;
  const mode = metadataMode(cluster);
  const storage = nodes?.StorageInfo?.EbsStorageInfo?.VolumeSize;
  return {
    arn: cluster.ClusterArn ?? '',
    name: cluster.ClusterName ?? '',
    state: cluster.State ?? 'UNKNOWN',
    currentVersion: cluster.CurrentVersion ?? '',
    ...(provisioned?.CurrentBrokerSoftwareInfo?.KafkaVersion ? { kafkaVersion: provisioned.CurrentBrokerSoftwareInfo.KafkaVersion } : {}),
    ...(mode ? { metadataMode: mode } : {}),
    ...(provisioned?.NumberOfBrokerNodes === undefined ? {} : { brokerCount: provisioned.NumberOfBrokerNodes }),
    ...(nodes?.InstanceType ? { instanceType: nodes.InstanceType } : {}),
    ...(storage === undefined ? {} : { storageGiB: storage }),
    authentication: authentication(cluster),
    ...(nodes?.ClientSubnets ? { subnets: nodes.ClientSubnets } : {}),
    ...(nodes?.SecurityGroups ? { securityGroups: nodes.SecurityGroups } : {}),
  };
}

/** Amazon MSK control plane: DescribeClusterV2, and DeleteCluster guarded by CurrentVersion. */
export class MskClusterRegistry implements ClusterRegistry {
  readonly #client: KafkaClient;

  constructor(client: KafkaClient) {
    this.#client = client;
  }

  async describe(arn: string): Promise<ClusterDescription> {
    let info: Cluster | undefined;
    try {
      info = (await this.#client.send(new DescribeClusterV2Command({ ClusterArn: arn }))).ClusterInfo;
    } catch (error) {
      throw translateAwsError('DescribeClusterV2', error);
    }
    if (info === undefined) throw new AwsCallError('DescribeClusterV2', 'EmptyResponse');
    return toClusterDescription(info);
  }

  async delete(arn: string, currentVersion: string): Promise<void> {
    try {
      await this.#client.send(new DeleteClusterCommand({ ClusterArn: arn, CurrentVersion: currentVersion }));
    } catch (error) {
      throw translateAwsError('DeleteCluster', error);
    }
  }
}
