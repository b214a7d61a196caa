import { type Cluster, CONTROL_TOPIC_CONFIG, DEFAULT_CONTROL_TOPIC } from '@kraft-canary/client/contract';
import { clusterNames } from '../../domain/metric-names.ts';
import type { Plan } from '../../domain/plan.ts';
import { kafkaConfigFor } from '../../kafka/kafka-config.ts';
import { KafkajsAdmin } from '../../kafka/kafkajs-admin.ts';
import type { Clock, KafkaAdminPort, KafkaAdmins, Timers } from '../../ports/index.ts';
import { startBlueGreenClusters } from '../blue-green-clusters.ts';
import { KoffiMissingError, LibrdkafkaMissingError } from '../errors.ts';
import { MemoryRoutingStore } from '../memory-routing-store.ts';
import type { MockKafkaCluster } from '../mock-kafka-cluster.ts';
import { RehearsalError } from './errors.ts';
import { partitionsFor, type ServiceLayout } from './fleet-layout.ts';
import { LagSampler } from './lag-sampler.ts';
import { LocalMetrics } from './local-metrics.ts';
import { startLocalPublisher } from './local-publisher.ts';

export const BROKERS_PER_CLUSTER = 3;
/** The shortest metric period: the interval at which lag is sampled and client counters flushed. */
export const SAMPLE_MS = 500;

export interface RehearsalEnvironment {
  readonly clusters: Readonly<Record<Cluster, MockKafkaCluster>>;
  readonly bootstrap: Readonly<Record<Cluster, readonly string[]>>;
  readonly store: MemoryRoutingStore;
  readonly metrics: LocalMetrics;
  readonly sampler: LagSampler;
  /** Admin clients of the rehearsal's own (the lag sampler's, the final accounting's). */
  readonly samplerAdmins: Readonly<Record<Cluster, KafkaAdminPort>>;
  /** Admin clients for the controller's steps, one per call as in a Lambda (the step disconnects it). */
  readonly kafka: KafkaAdmins;
  stop(): Promise<void>;
}

async function startClusters(layout: readonly ServiceLayout[]): Promise<Record<Cluster, MockKafkaCluster>> {
  const topics = [
    ...layout.map((service) => ({ name: service.topic, partitions: partitionsFor(service) })),
    // The local brokers do not serve CreateTopics: the control topic is made here, not by the preflight.
    { name: DEFAULT_CONTROL_TOPIC, partitions: CONTROL_TOPIC_CONFIG.partitions },
  ];
  try {
    return await startBlueGreenClusters({ brokers: BROKERS_PER_CLUSTER, topics });
  } catch (error) {
    // A missing optional dependency says itself what to install.
    if (error instanceof KoffiMissingError || error instanceof LibrdkafkaMissingError) throw error;
    const reason = error instanceof Error ? error.message : 'unknown error';
    throw new RehearsalError(`the local Kafka clusters did not start: ${reason}`, { cause: error });
  }
}

/** Two local clusters with the fleet's topics, the routing store, the metric store and the lag sampler. */
export async function startEnvironment(
  plan: Plan,
  layout: readonly ServiceLayout[],
  speed: number,
  clock: Clock,
  timers: Timers,
): Promise<RehearsalEnvironment> {
  const clusters = await startClusters(layout);
  const bootstrap = { blue: clusters.blue.bootstrap, green: clusters.green.bootstrap };
  const local = (side: Cluster) => ({ ...plan.clusters[side], bootstrap: bootstrap[side].join(','), auth: { mechanism: 'none' as const } });
  const samplerAdmins: Record<Cluster, KafkaAdminPort> = {
    blue: new KafkajsAdmin(await kafkaConfigFor(local('blue'), { clientId: 'rehearsal-lag-sampler' })),
    green: new KafkajsAdmin(await kafkaConfigFor(local('green'), { clientId: 'rehearsal-lag-sampler' })),
  };
  const metrics = new LocalMetrics({ clock, speed, minPeriodMs: SAMPLE_MS });
  const sampler = new LagSampler({
    admins: () => ({
      blue: clusters.blue.running ? samplerAdmins.blue : null,
      green: clusters.green.running ? samplerAdmins.green : null,
    }),
    pairs: layout.map(({ group, topic }) => ({ group, topic })),
    clusterNames: clusterNames(plan),
    metrics,
    timers,
    timeoutMs: SAMPLE_MS * 2,
  });
  const store = new MemoryRoutingStore();
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const publisher = startLocalPublisher({ store, migration: plan.migration, bootstrap, clock, timers, logger: quiet });
  return {
    clusters,
    bootstrap,
    store,
    metrics,
    sampler,
    samplerAdmins,
    kafka: async (stepPlan, side) => new KafkajsAdmin(await kafkaConfigFor(stepPlan.clusters[side], { clientId: `rehearsal-${side}-admin` })),
    async stop() {
      await publisher.stop();
      await Promise.all(Object.values(samplerAdmins).map((a) => a.disconnect().catch(() => undefined)));
      await Promise.all([clusters.blue.stop(), clusters.green.stop()]);
    },
  };
}
