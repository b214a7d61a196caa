/**
 * The metrics every kraft-canary client publishes (CloudWatch Embedded Metric Format) and the
 * controller's gates and alarms read. One definition, so a rename cannot split them.
 */
export const CLIENT_METRICS = {
  defaultNamespace: 'KraftCanary',
  errors: 'ClientErrors',
  operations: 'ClientOperations',
  /** Dimension names, in this order, on both metrics. */
  dimensions: ['Migration', 'Cluster', 'Role'],
  roles: ['producer', 'consumer'],
  /**
   * Distributions (EMF value arrays, unit Milliseconds) the relative analysis compares per
   * cluster: each successful send's latency, each successful handler call's duration, and each
   * handled message's delay from its record timestamp.
   */
  produceLatency: 'ProduceLatency',
  handlingTime: 'HandlingTime',
  endToEndDelay: 'EndToEndDelay',
  /** Dimension names, in this order, on the distributions (the metric name says the role). */
  distributionDimensions: ['Migration', 'Cluster'],
} as const;

export type ClientMetricRole = (typeof CLIENT_METRICS.roles)[number];

/**
 * The routing watcher's push-channel metrics (EMF, dimension Migration): each time the watcher
 * falls back to the short SSM poll, and each time push becomes healthy again.
 */
export const ROUTING_PUSH_METRICS = {
  fallbacks: 'RoutingPushFallbacks',
  recoveries: 'RoutingPushRecoveries',
  dimensions: ['Migration'],
} as const;

/**
 * The routing revision each client instance acts on, written once per flush interval by
 * emitEmfMetrics when it is given the routing watcher (EMF, dimension Migration, unit None).
 * CloudWatch's Minimum and Maximum of a minute are then the lowest and the highest revision the
 * reporting instances applied: `kraft-canary status` shows whether all have the current one.
 */
export const ROUTING_REVISION_METRIC = {
  name: 'RoutingRevision',
  dimensions: ['Migration'],
} as const;
