import { describe, expect, it } from 'vitest';
import { AwsCallError } from '../../../src/aws/errors.ts';
import { checkClusters, metadataModeOf } from '../../../src/readiness/cluster-parity.ts';
import { clusterDescription } from '../../support/fakes/memory-cluster-registry.ts';
import { BLUE_ARN, GREEN_ARN, readinessWorld } from '../../support/readiness-world.ts';

describe('metadataModeOf', () => {
  it.each([
    [{ metadataMode: 'ZOOKEEPER' as const, kafkaVersion: '4.0.x' }, 'ZOOKEEPER'],
    [{ kafkaVersion: '3.7.x.kraft' }, 'KRAFT'],
    [{ kafkaVersion: '4.0.x' }, 'KRAFT'],
    [{ kafkaVersion: '3.6.0' }, 'ZOOKEEPER'],
    [{ kafkaVersion: 'latest' }, null],
    [{}, null],
  ])('%j → %s', (cluster, expected) => {
    expect(metadataModeOf(cluster)).toBe(expected);
  });
});

describe('checkClusters', () => {
  it('is ok when both are reachable, green is ACTIVE in KRaft mode and the specs match', async () => {
    // Prepare
    const w = readinessWorld();
    w.blue.topic('orders', 3, 3);

    // Act
    const { rows } = await checkClusters(w.ports, w.plan);

    // Assess
    expect(rows).toEqual([
      { check: 'clusters/blue', status: 'ok', details: 'ACTIVE, Kafka 3.7.x, ZOOKEEPER; reachable with iam auth (1 topics)' },
      { check: 'clusters/green', status: 'ok', details: 'ACTIVE, Kafka 3.9.x.kraft, KRAFT; reachable with iam auth (0 topics)' },
      { check: 'clusters/parity', status: 'ok', details: 'broker count, instance type, storage, authentication and network placement match' },
    ]);
  });

  it('warns about each spec or placement difference and a blue cluster that is not ACTIVE', async () => {
    // Prepare
    const w = readinessWorld();
    w.msk.set(BLUE_ARN, clusterDescription({ state: 'UPDATING' }));
    w.msk.set(GREEN_ARN, clusterDescription({ kafkaVersion: '4.0.x', brokerCount: 3, subnets: ['subnet-x'], storageGiB: undefined }));

    // Act
    const { rows } = await checkClusters(w.ports, w.plan);

    // Assess
    expect(rows.map((r) => `${r.check} ${r.status}: ${r.details}`)).toEqual([
      'clusters/blue warn: blue is UPDATING, not ACTIVE; UPDATING, Kafka 3.7.x, ZOOKEEPER; reachable with iam auth (0 topics)',
      'clusters/green ok: ACTIVE, Kafka 4.0.x, KRAFT; reachable with iam auth (0 topics)',
      'clusters/parity warn: broker count: blue 6, green 3',
      'clusters/parity warn: subnets: blue subnet-a, subnet-b, subnet-c, green subnet-x',
      'clusters/parity warn: not compared (MSK did not report): storage per broker (GiB)',
    ]);
  });

  it('fails when green is not KRaft, not ACTIVE, or a cluster cannot be reached or described', async () => {
    // Prepare
    const w = readinessWorld();
    w.msk.set(GREEN_ARN, clusterDescription({ state: 'CREATING', kafkaVersion: '3.7.x' }));
    w.blue.can.reachable = false;
    const described = readinessWorld();
    described.msk.set(BLUE_ARN, new AwsCallError('DescribeClusterV2', 'AccessDeniedException'));

    // Act
    const { rows } = await checkClusters(w.ports, w.plan);
    const denied = await checkClusters(described.ports, described.plan);

    // Assess
    expect(rows[0]).toMatchObject({ status: 'fail', details: 'not reachable with iam auth: KafkaJSConnectionError; ACTIVE, Kafka 3.7.x, ZOOKEEPER' });
    expect(rows[0]?.details).not.toContain('10.0.0.1');
    expect(rows[1]).toMatchObject({
      status: 'fail',
      details: expect.stringContaining('green must be ACTIVE, is CREATING; green must run in KRaft mode, MSK reports ZOOKEEPER'),
    });
    expect(denied.rows[0]).toMatchObject({
      status: 'fail',
      details: expect.stringContaining('AwsCallError: DescribeClusterV2 failed (AccessDeniedException)'),
    });
    expect(denied.rows.map((r) => r.check)).toEqual(['clusters/blue', 'clusters/green']);
  });
});
