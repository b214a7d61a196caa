import { DeleteClusterCommand, DescribeClusterV2Command, KafkaClient } from '@aws-sdk/client-kafka';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { MskClusterRegistry, toClusterDescription } from '../../../src/aws/msk-cluster-registry.ts';
import { BLUE_ARN } from '../../support/rollout-fixtures.ts';

const client = new KafkaClient({ region: 'eu-west-1' });
const msk = mockClient(client);
const registry = new MskClusterRegistry(client);
const sdkError = (name: string) => Object.assign(new Error(name), { name });

beforeEach(() => msk.reset());

const provisioned = (version: string, zk = true) => ({
  ClusterArn: BLUE_ARN,
  ClusterName: 'orders-blue',
  State: 'ACTIVE' as const,
  CurrentVersion: 'K3AEGXETSR30VB',
  Provisioned: {
    CurrentBrokerSoftwareInfo: { KafkaVersion: version },
    NumberOfBrokerNodes: 6,
    ...(zk ? { ZookeeperConnectString: 'z-1:2181' } : {}),
    BrokerNodeGroupInfo: {
      InstanceType: 'kafka.m5.large',
      ClientSubnets: ['subnet-1'],
      SecurityGroups: ['sg-1'],
      StorageInfo: { EbsStorageInfo: { VolumeSize: 1000 } },
    },
    ClientAuthentication: { Sasl: { Scram: { Enabled: true }, Iam: { Enabled: true } } },
  },
});

describe('MskClusterRegistry', () => {
  it('describes a provisioned cluster with its CurrentVersion', async () => {
    // Prepare
    msk.on(DescribeClusterV2Command, { ClusterArn: BLUE_ARN }).resolves({ ClusterInfo: provisioned('3.7.x') });
    // Act
    const described = await registry.describe(BLUE_ARN);
    // Assess
    expect(described).toEqual({
      arn: BLUE_ARN,
      name: 'orders-blue',
      state: 'ACTIVE',
      currentVersion: 'K3AEGXETSR30VB',
      kafkaVersion: '3.7.x',
      metadataMode: 'ZOOKEEPER',
      brokerCount: 6,
      instanceType: 'kafka.m5.large',
      storageGiB: 1000,
      authentication: ['iam', 'scram-sha-512'],
      subnets: ['subnet-1'],
      securityGroups: ['sg-1'],
    });
  });

  it.each([
    ['3.7.x.kraft', true, 'KRAFT'],
    ['4.0.x', false, 'KRAFT'],
    ['3.6.0', false, undefined],
  ])('reads the metadata mode of Kafka %s', (version, zk, mode) => {
    expect(toClusterDescription(provisioned(version, zk)).metadataMode).toBe(mode);
  });

  it('maps a missing cluster to AwsCallError', async () => {
    msk.on(DescribeClusterV2Command).rejects(sdkError('NotFoundException'));
    await expect(registry.describe(BLUE_ARN)).rejects.toMatchObject({ name: 'AwsCallError', errorName: 'NotFoundException' });
  });

  it('refuses an empty answer', async () => {
    msk.on(DescribeClusterV2Command).resolves({});
    await expect(registry.describe(BLUE_ARN)).rejects.toMatchObject({ name: 'AwsCallError', errorName: 'EmptyResponse' });
  });

  it('deletes with the CurrentVersion', async () => {
    // Prepare
    msk.on(DeleteClusterCommand).resolves({ ClusterArn: BLUE_ARN, State: 'DELETING' });
    // Act
    await registry.delete(BLUE_ARN, 'K3AEGXETSR30VB');
    // Assess
    expect(msk.commandCalls(DeleteClusterCommand)[0]?.args[0].input).toEqual({ ClusterArn: BLUE_ARN, CurrentVersion: 'K3AEGXETSR30VB' });
  });

  it('reports a stale CurrentVersion as an error', async () => {
    msk.on(DeleteClusterCommand).rejects(sdkError('BadRequestException'));
    await expect(registry.delete(BLUE_ARN, 'OLD')).rejects.toMatchObject({ name: 'AwsCallError', operation: 'DeleteCluster' });
  });
});
