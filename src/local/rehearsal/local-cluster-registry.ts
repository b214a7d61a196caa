import type { Cluster } from '@kraft-canary/client/contract';
import type { Plan } from '../../domain/plan.ts';
import type { ClusterDescription, ClusterRegistry } from '../../ports/index.ts';
import { LocalClusterError } from './errors.ts';

/** What the registry needs of a local cluster (the mock cluster). */
export interface LocalCluster {
  readonly running: boolean;
  readonly brokerIds: readonly number[];
  stop(): Promise<void>;
}

const METADATA_MODE: Record<Cluster, 'ZOOKEEPER' | 'KRAFT'> = { blue: 'ZOOKEEPER', green: 'KRAFT' };
/** A local cluster never changes configuration: one version for its whole life. */
export const LOCAL_CLUSTER_VERSION = 'K-LOCAL-1';

/**
 * MSK's control plane for the rehearsal's two local clusters: describe answers from the plan
 * and the cluster's state, and decommission "deletes" blue by stopping its brokers, behind the
 * same CurrentVersion guard MSK applies.
 */
export class LocalClusterRegistry implements ClusterRegistry {
  readonly #plan: Plan;
  readonly #clusters: Readonly<Record<Cluster, LocalCluster>>;
  #deletedAt: number | null = null;
  readonly #now: () => number;

  readonly #beforeStop: (side: Cluster) => Promise<void>;

  /** `beforeStop` runs before a cluster is stopped (the rehearsal waits there for its clients to leave). */
  constructor(plan: Plan, clusters: Readonly<Record<Cluster, LocalCluster>>, now: () => number, beforeStop: (side: Cluster) => Promise<void> = async () => {}) {
    this.#plan = plan;
    this.#clusters = clusters;
    this.#now = now;
    this.#beforeStop = beforeStop;
  }

  /** When decommission stopped blue, or null. */
  get deletedAt(): number | null {
    return this.#deletedAt;
  }

  #side(arn: string): Cluster {
    if (arn === this.#plan.clusters.blue.arn) return 'blue';
    if (arn === this.#plan.clusters.green.arn) return 'green';
    throw new LocalClusterError(`no local cluster ${arn}`);
  }

  async describe(arn: string): Promise<ClusterDescription> {
    const side = this.#side(arn);
    const cluster = this.#clusters[side];
    return {
      arn,
      name: arn.split('/')[1] ?? side,
      state: cluster.running ? 'ACTIVE' : 'DELETING',
      currentVersion: LOCAL_CLUSTER_VERSION,
      kafkaVersion: 'local',
      metadataMode: METADATA_MODE[side],
      brokerCount: cluster.brokerIds.length,
    };
  }

  async delete(arn: string, currentVersion: string): Promise<void> {
    const side = this.#side(arn);
    if (currentVersion !== LOCAL_CLUSTER_VERSION) throw new LocalClusterError(`CurrentVersion ${currentVersion} does not match ${LOCAL_CLUSTER_VERSION}`);
    await this.#beforeStop(side);
    await this.#clusters[side].stop();
    if (side === 'blue') this.#deletedAt = this.#now();
  }
}
