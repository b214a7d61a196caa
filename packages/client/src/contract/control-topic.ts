/**
 * The compacted Kafka topic that carries routing documents to clients on both clusters
 * (key = migration, value = the document text). SSM stays the source of truth; this topic is a
 * fast copy that only the controller's publisher may write.
 */
export const DEFAULT_CONTROL_TOPIC = '__kraft-canary-routing';

/** Settings the control topic is created with (preflight and readiness --sync). */
export const CONTROL_TOPIC_CONFIG = {
  partitions: 1,
  configs: {
    'cleanup.policy': 'compact',
    // Roll and clean often so that the log stays near one record per migration.
    'segment.ms': '3600000',
    'min.cleanable.dirty.ratio': '0.1',
    'max.message.bytes': '65536',
  },
} as const;

/** How often the controller re-publishes the document in force, and the clients' default for it. */
export const DEFAULT_REPUBLISH_INTERVAL_MS = 60_000;
