import { KoffiMissingError, LibrdkafkaMissingError } from '../errors.ts';
import type { Cluster } from '@kraft-canary/client/contract';
import type { Plan } from '../../domain/plan.ts';
import { kafkaConfigFor } from '../../kafka/kafka-config.ts';
import { KafkajsAdmin } from '../../kafka/kafkajs-admin.ts';
import type { Clock, KafkaAdminPort, KafkaAdmins, Timers } from '../../ports/index.ts';
import { MemoryRoutingStore } from '../memory-routing-store.ts';
import { MockKafkaCluster } from '../mock-kafka-cluster.ts';
import { clusterNames } from '../../controller/metric-names.ts';
import { REHEARSAL_GROUP, REHEARSAL_TOPIC } from './default-plan.ts';
import { RehearsalError } from './errors.ts';
import { LagSampler } from './lag-sampler.ts';
import { LocalMetrics } from './local-metrics.ts';

export const BROKERS_PER_CLUSTER = 3;
export const TOPIC_PARTITIONS = 6;
/** The shortest metric period: the interval at which lag is sampled and client counters flushed. */
export const SAMPLE_MS = 500;

export interface RehearsalEnvironment {
  readonly clusters: Readonly<Record<Cluster, MockKafkaCluster>>;
  readonly bootstrap: Readonly<Record<Cluster, readonly string[]>>;
  readonly store: MemoryRoutingStore;
  readonly metrics: LocalMetrics;
  readonly sampler: LagSampler;
  /** Admin clients for the controller's steps, one per call as in a Lambda (the step disconnects it). */
  readonly kafka: KafkaAdmins;
  stop(): Promise<void>;
}

async function startClusters(): Promise<Record<Cluster, MockKafkaCluster>> {
  const topics = [{ name: REHEARSAL_TOPIC, partitions: TOPIC_PARTITIONS }];
  const started = await Promise.allSettled([
    MockKafkaCluster.start({ brokers: BROKERS_PER_CLUSTER, topics }),
    MockKafkaCluster.start({ brokers: BROKERS_PER_CLUSTER, topics }),
  ]);
  const [blue, green] = started;
  if (blue?.status === 'fulfilled' && green?.status === 'fulfilled') return { blue: blue.value, green: green.value };
  await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
  const failure = started.find((s) => s.status === 'rejected') as PromiseRejectedResult;
  // A missing optional dependency says itself what to install.
  if (failure.reason instanceof KoffiMissingError || failure.reason instanceof LibrdkafkaMissingError) throw failure.reason;
  const reason = failure.reason instanceof Error ? failure.reason.message : 'unknown error';
  throw new RehearsalError(`the local Kafka clusters did not start: ${reason}`, { cause: failure.reason });
}

/** Two local clusters with the fleet's topic, the routing store, the metric store and the lag sampler. */
export async function startEnvironment(plan: Plan, speed: number, clock: Clock, timers: Timers): Promise<RehearsalEnvironment> {
  const clusters = await startClusters();
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
    topic: REHEARSAL_TOPIC,
    group: REHEARSAL_GROUP,
    clusterNames: clusterNames(plan),
    metrics,
    timers,
    timeoutMs: SAMPLE_MS * 2,
  });
  return {
    clusters,
    bootstrap,
    store: new MemoryRoutingStore(),
    metrics,
    sampler,
    kafka: async (stepPlan, side) => new KafkajsAdmin(await kafkaConfigFor(stepPlan.clusters[side], { clientId: `rehearsal-${side}-admin` })),
    async stop() {
      await Promise.all(Object.values(samplerAdmins).map((a) => a.disconnect().catch(() => undefined)));
      await Promise.all([clusters.blue.stop(), clusters.green.stop()]);
    },
  };
}
