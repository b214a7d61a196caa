import type { Cluster } from './contract/bucket.ts';
import { CLIENT_METRICS, ROUTING_REVISION_METRIC } from './contract/client-metrics.ts';
import { DistributionSampler, distributionLines } from './emf-distributions.ts';
import type { ClientRole, OperationEvent } from './operation-event.ts';
import { type Clock, type Random, systemClock, systemTimers, type Timers } from './ports.ts';

export interface OperationSource {
  readonly events: { on(event: 'operation', listener: (event: OperationEvent) => void): () => void };
}

/** Where the revision an instance acts on comes from: a RoutingWatcher (or a producer's `{ current: () => producer.route() }`). */
export interface RevisionSource {
  current(): { readonly revision: number };
}

export interface EmfMetricsOptions {
  readonly migration: string;
  /**
   * With it, every interval also writes RoutingRevision: the revision this instance acts on
   * (0 before it read any document), so that `kraft-canary status` can tell whether the whole
   * fleet has applied the current one.
   */
  readonly routing?: RevisionSource;
  /** CloudWatch namespace; default KraftCanary (the controller's gates read it). */
  readonly namespace?: string;
  /** Default 60 s, the alarms' period. */
  readonly flushIntervalMs?: number;
  /** Where EMF lines go; default stdout, which Lambda and the CloudWatch agent ingest. */
  readonly write?: (line: string) => void;
  readonly clock?: Clock;
  readonly timers?: Timers;
  /**
   * Most values per cluster and distribution written each interval, a uniform sample of the
   * interval's operations; default 1000 (10 EMF lines per cluster and minute at most).
   */
  readonly maxSamplesPerFlush?: number;
  /** Chooses which values the sample keeps; default Math.random. */
  readonly random?: Random;
}

export interface EmfMetrics {
  /** Writes the counts gathered since the last flush (nothing when there were none). */
  flush(): void;
  /** Flushes and detaches. */
  stop(): void;
}

interface Counts {
  operations: number;
  errors: number;
}

/**
 * Publishes ClientOperations and ClientErrors per Migration × Cluster × Role as CloudWatch
 * Embedded Metric Format log lines, one per (cluster, role) with activity, every interval; and
 * the ProduceLatency, HandlingTime and EndToEndDelay distributions per Migration × Cluster as
 * value arrays, so that CloudWatch's percentile statistics work on them; with `routing`, the
 * RoutingRevision the instance acts on, per Migration.
 */
export function emitEmfMetrics(sources: readonly OperationSource[], options: EmfMetricsOptions): EmfMetrics {
  const clock = options.clock ?? systemClock;
  const timers = options.timers ?? systemTimers;
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const namespace = options.namespace ?? CLIENT_METRICS.defaultNamespace;
  let counts = new Map<string, Counts>();
  const sampler = new DistributionSampler(options.maxSamplesPerFlush ?? 1000, options.random ?? Math.random);
  const detach = sources.map((source) =>
    source.events.on('operation', (event) => {
      sampler.observe(event);
      const key = `${event.cluster}/${event.role}`;
      const entry = counts.get(key) ?? { operations: 0, errors: 0 };
      entry.operations += event.operations;
      entry.errors += event.errors;
      counts.set(key, entry);
    }),
  );
  const flush = () => {
    const taken = counts;
    counts = new Map();
    for (const [key, entry] of taken) {
      const [cluster, role] = key.split('/') as [Cluster, ClientRole];
      write(JSON.stringify(emfLine(namespace, options.migration, cluster, role, entry, clock.now())));
    }
    for (const [cluster, values] of sampler.take()) {
      for (const line of distributionLines(namespace, options.migration, cluster, values, clock.now())) write(JSON.stringify(line));
    }
    if (options.routing) write(JSON.stringify(revisionLine(namespace, options.migration, options.routing.current().revision, clock.now())));
  };
  let timer: unknown = null;
  const schedule = () => {
    timer = timers.setTimeout(() => {
      flush();
      schedule();
    }, options.flushIntervalMs ?? 60_000);
  };
  schedule();
  return {
    flush,
    stop() {
      timers.clearTimeout(timer);
      for (const off of detach) off();
      flush();
    },
  };
}

function emfLine(namespace: string, migration: string, cluster: Cluster, role: ClientRole, counts: Counts, at: number) {
  return {
    _aws: {
      Timestamp: at,
      CloudWatchMetrics: [
        {
          Namespace: namespace,
          Dimensions: [[...CLIENT_METRICS.dimensions]],
          Metrics: [
            { Name: CLIENT_METRICS.errors, Unit: 'Count' },
            { Name: CLIENT_METRICS.operations, Unit: 'Count' },
          ],
        },
      ],
    },
    Migration: migration,
    Cluster: cluster,
    Role: role,
    [CLIENT_METRICS.errors]: counts.errors,
    [CLIENT_METRICS.operations]: counts.operations,
  };
}

function revisionLine(namespace: string, migration: string, revision: number, at: number) {
  return {
    _aws: {
      Timestamp: at,
      CloudWatchMetrics: [
        { Namespace: namespace, Dimensions: [[...ROUTING_REVISION_METRIC.dimensions]], Metrics: [{ Name: ROUTING_REVISION_METRIC.name, Unit: 'None' }] },
      ],
    },
    Migration: migration,
    [ROUTING_REVISION_METRIC.name]: revision,
  };
}
