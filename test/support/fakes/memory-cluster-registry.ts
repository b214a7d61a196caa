import type { ClusterDescription, ClusterRegistry } from '../../../src/ports/index.ts';

/** The in-memory MSK control plane refused a call, under the error code MSK would answer with. */
export class FakeMskError extends Error {
  override readonly name = 'FakeMskError';
  readonly code: string;
  constructor(code: string, message: string) {
    super(`${code}: ${message}`);
    this.code = code;
  }
}

/** MSK's control plane in memory: DeleteCluster refuses a stale CurrentVersion, as MSK does. */
export class MemoryClusterRegistry implements ClusterRegistry {
  readonly #clusters = new Map<string, ClusterDescription>();
  readonly deleted: { arn: string; currentVersion: string }[] = [];

  add(cluster: ClusterDescription): this {
    this.#clusters.set(cluster.arn, cluster);
    return this;
  }

  async describe(arn: string): Promise<ClusterDescription> {
    const cluster = this.#clusters.get(arn);
    if (cluster === undefined) throw new FakeMskError('NotFoundException', `no cluster ${arn}`);
    return cluster;
  }

  async delete(arn: string, currentVersion: string): Promise<void> {
    const cluster = await this.describe(arn);
    if (cluster.currentVersion !== currentVersion) throw new FakeMskError('BadRequestException', 'CurrentVersion does not match');
    this.#clusters.set(arn, { ...cluster, state: 'DELETING' });
    this.deleted.push({ arn, currentVersion });
  }
}

/** A described cluster with every field set; override what the test is about. */
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
