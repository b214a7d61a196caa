import { CLIENT_METRICS, ROUTING_PUSH_METRICS } from '../contract/client-metrics.ts';
import { type Clock, systemClock } from '../ports.ts';

export interface PushMetricsSource {
  readonly events: {
    on(event: 'push-fallback' | 'push-healthy', listener: () => void): () => void;
  };
}

export interface PushMetricsOptions {
  readonly migration: string;
  /** CloudWatch namespace; default KraftCanary. */
  readonly namespace?: string;
  /** Where EMF lines go; default stdout. */
  readonly write?: (line: string) => void;
  readonly clock?: Clock;
}

/**
 * Writes one CloudWatch EMF line each time a routing watcher falls back from push to the short
 * poll (RoutingPushFallbacks) or push becomes healthy again (RoutingPushRecoveries), so that
 * an alarm can watch a fleet that has lost its push channel. Returns a function that detaches.
 */
export function emitPushMetrics(watcher: PushMetricsSource, options: PushMetricsOptions): () => void {
  const clock = options.clock ?? systemClock;
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const namespace = options.namespace ?? CLIENT_METRICS.defaultNamespace;
  const line = (name: string) =>
    JSON.stringify({
      _aws: {
        Timestamp: clock.now(),
        CloudWatchMetrics: [{ Namespace: namespace, Dimensions: [[...ROUTING_PUSH_METRICS.dimensions]], Metrics: [{ Name: name, Unit: 'Count' }] }],
      },
      Migration: options.migration,
      [name]: 1,
    });
  const offFallback = watcher.events.on('push-fallback', () => write(line(ROUTING_PUSH_METRICS.fallbacks)));
  const offHealthy = watcher.events.on('push-healthy', () => write(line(ROUTING_PUSH_METRICS.recoveries)));
  return () => {
    offFallback();
    offHealthy();
  };
}
