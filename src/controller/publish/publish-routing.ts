import { type Cluster, parseRoutingDocument } from '@kraft-canary/client/contract';
import type { Clock, ControlTopicPublisher, Logger, MetricsWriter, RoutingStore } from '../../ports/index.ts';

export interface PublishRoutingPorts {
  readonly routing: Pick<RoutingStore, 'read'>;
  readonly control: ControlTopicPublisher;
  readonly metrics: MetricsWriter;
  readonly namespace: string;
  readonly logger: Logger;
  readonly clock: Clock;
}

export interface PublishRoutingInput {
  readonly migration: string;
  /** A routing write (the parameter's change event) or the periodic re-publish. */
  readonly trigger: 'change' | 'schedule';
}

export interface PublishRoutingOutcome {
  /** The revision read from the store; null when there was nothing valid to publish. */
  readonly revision: number | null;
  readonly published: readonly Cluster[];
  readonly failed: readonly Cluster[];
}

const CLUSTERS: readonly Cluster[] = ['blue', 'green'];

/** Metric names of the publisher (namespace of the deployment, dimensions Migration and Cluster). */
export const PUBLISH_METRICS = { published: 'RoutingPublished', failures: 'RoutingPublishFailures' } as const;

/**
 * Copies the routing document in force (SSM, the source of truth) to the control topic of both
 * clusters, exactly as stored. Best effort: the clusters are written at once and apart, so an
 * outage of one never delays the other; each failure is a metric and a log line and never an
 * exception, because a client that misses a publication reads SSM at its next poll and the
 * next re-publish repeats it. A document that clients would refuse is not published at all.
 */
export const publishRouting =
  (ports: PublishRoutingPorts) =>
  async (input: PublishRoutingInput): Promise<PublishRoutingOutcome> => {
    const { migration, trigger } = input;
    const stored = await ports.routing.read(migration);
    const parsed = stored === null ? null : parseRoutingDocument(stored.text);
    if (stored === null || parsed === null || !parsed.ok || parsed.value.migration !== migration) {
      const reason = stored === null ? 'no routing parameter' : 'the stored document is not a valid document of this migration';
      ports.logger.warn('routing not published', { migration, trigger, reason });
      return { revision: null, published: [], failed: [] };
    }
    const revision = parsed.value.revision;
    const started = ports.clock.now();
    const results = await Promise.allSettled(CLUSTERS.map((cluster) => ports.control.publish(cluster, migration, stored.text)));
    const published = CLUSTERS.filter((_, i) => results[i]?.status === 'fulfilled');
    const failed = CLUSTERS.filter((_, i) => results[i]?.status === 'rejected');
    for (const [i, cluster] of CLUSTERS.entries()) {
      const result = results[i];
      if (result?.status !== 'rejected') continue;
      const errorName = (result.reason as { name?: unknown } | null)?.name;
      ports.logger.warn('routing publish failed', {
        migration,
        trigger,
        revision,
        cluster,
        errorName: typeof errorName === 'string' ? errorName : 'UnknownError',
      });
    }
    ports.logger.info('routing published', {
      migration,
      trigger,
      revision,
      published: published.join(','),
      failed: failed.join(','),
      ms: ports.clock.now() - started,
    });
    const counts = CLUSTERS.map((cluster) => ({
      name: failed.includes(cluster) ? PUBLISH_METRICS.failures : PUBLISH_METRICS.published,
      value: 1,
      unit: 'Count',
      dimensions: { Migration: migration, Cluster: cluster },
    }));
    await ports.metrics.put(ports.namespace, counts).catch((error: unknown) => {
      ports.logger.warn('publish metrics not written', { migration, errorName: (error as { name?: string } | null)?.name ?? 'UnknownError' });
    });
    return { revision, published, failed };
  };
