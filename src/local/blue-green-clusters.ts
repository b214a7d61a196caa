import type { Cluster } from '@kraft-canary/client/contract';
import { MockKafkaCluster, type MockKafkaClusterOptions } from './mock-kafka-cluster.ts';

/**
 * Blue and green as two local clusters with the same brokers and topics. When one fails to start
 * the other is stopped before the failure is thrown, so that no librdkafka threads are left behind.
 */
export async function startBlueGreenClusters(options: MockKafkaClusterOptions): Promise<Record<Cluster, MockKafkaCluster>> {
  const started = await Promise.allSettled([MockKafkaCluster.start(options), MockKafkaCluster.start(options)]);
  const [blue, green] = started;
  if (blue?.status === 'fulfilled' && green?.status === 'fulfilled') return { blue: blue.value, green: green.value };
  await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
  throw (started.find((s) => s.status === 'rejected') as PromiseRejectedResult).reason;
}
