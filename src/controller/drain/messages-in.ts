import type { Cluster } from '@kraft-canary/client/contract';
import type { Point } from '../../domain/gates.ts';
import { clusterNames, MSK_MESSAGES_IN, MSK_NAMESPACE } from '../../domain/metric-names.ts';
import type { Plan } from '../../domain/plan.ts';
import type { MetricsCatalog, MetricsReader } from '../../ports/index.ts';
import { isExcluded } from '../../readiness/topic-parity.ts';

/**
 * MessagesInPerSec of one cluster's non-internal topics between two polls, summed per minute.
 * Only the per-topic series count (MSK monitoring level PER_TOPIC_PER_BROKER or higher): the
 * broker-wide series includes __consumer_offsets, which consumers still reading the cluster
 * keep writing to, so it would never fall to zero. Without per-topic series the drain relies
 * on the high watermarks alone, which the domain compares exactly from poll to poll.
 */
export async function readMessagesIn(
  ports: { metrics: MetricsReader; catalog: MetricsCatalog },
  plan: Plan,
  cluster: Cluster,
  window: { start: number; end: number },
): Promise<Point[] | undefined> {
  const name = clusterNames(plan)[cluster];
  const sets = await ports.catalog.dimensionSets(MSK_NAMESPACE, MSK_MESSAGES_IN.name, { [MSK_MESSAGES_IN.dimensions.cluster]: name });
  const perTopic = sets.filter((s) => s.Topic !== undefined && !s.Topic.startsWith('__') && !isExcluded(s.Topic, plan.topics.exclude));
  if (perTopic.length === 0) return undefined;
  const queries = perTopic.map((dimensions, i) => ({
    id: `in-${i}`,
    namespace: MSK_NAMESPACE,
    metricName: MSK_MESSAGES_IN.name,
    dimensions,
    stat: 'Maximum' as const,
    periodSeconds: 60,
  }));
  const data = await ports.metrics.read(queries, window.start, window.end);
  const byAt = new Map<number, number>();
  for (const points of Object.values(data)) for (const p of points) byAt.set(p.at, (byAt.get(p.at) ?? 0) + p.value);
  return [...byAt].map(([at, value]) => ({ at, value })).sort((a, b) => a.at - b.at);
}
