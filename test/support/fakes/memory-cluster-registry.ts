import type { ClusterDescription, ClusterRegistry } from '../../../src/ports/index.ts';
import { LocalClusterError } from '../../../src/local/errors.ts';

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
    if (cluster === undefined) throw new LocalClusterError('NotFoundException', `no cluster ${arn}`);
    return cluster;
  }

  async delete(arn: string, currentVersion: string): Promise<void> {
    const cluster = await this.describe(arn);
    if (cluster.currentVersion !== currentVersion) throw new LocalClusterError('BadRequestException', 'CurrentVersion does not match');
    this.#clusters.set(arn, { ...cluster, state: 'DELETING' });
    this.deleted.push({ arn, currentVersion });
  }
}
