/**
 * @kraft-canary/client: what a migrated service runs to route its Kafka traffic by the
 * routing document. Guarantees and the cross-language rules are in docs/client.md.
 */

export { type BackoffPolicy, backoffDelay, jittered } from './backoff.ts';
export {
  CanaryConsumer,
  type CanaryConsumerEvents,
  type CanaryConsumerOptions,
  type CanaryEachBatchPayload,
  type CanaryEachMessagePayload,
  type CanaryRunConfig,
} from './canary-consumer.ts';
export {
  CANARY_PRODUCER_DEFAULTS,
  CanaryProducer,
  type CanaryProducerEvents,
  type CanaryProducerOptions,
  type RouteSummary,
  type SwitchEvent,
} from './canary-producer.ts';
export { ClientEvents } from './client-events.ts';
export type { ClusterConsumerState, ClusterStateEvent } from './cluster-consumer.ts';
export * from './contract/index.ts';
export { type EmfMetrics, type EmfMetricsOptions, emitEmfMetrics, type OperationSource, type RevisionSource } from './emf-metrics.ts';
export {
  ClientClosedError,
  ControlTopicMissingError,
  KraftCanaryClientError,
  type KraftCanaryClientErrorOptions,
  PartialSendError,
  type PartialSendPart,
  PushUnsupportedError,
  RoutingReadTimeoutError,
  RoutingSourceReadError,
} from './errors.ts';
export {
  type ClusterConnection,
  type ConsumerLike,
  type ConsumerSpec,
  type KafkaClientFactory,
  kafkajsFactory,
  type ProducerLike,
} from './kafka-factory.ts';
export type { ClientRole, OperationEvent } from './operation-event.ts';
export { KafkaPushSource, type KafkaPushSourceOptions } from './push/kafka-push-source.ts';
export { type ControlBroker, type ControlCluster, type ControlClusterFactory, kafkajsControlCluster } from './push/kafkajs-control-cluster.ts';
export type { PushUnhealthyReason } from './push/push-health.ts';
export { emitPushMetrics, type PushMetricsOptions, type PushMetricsSource } from './push/push-metrics.ts';
export type { RoutingFailure } from './routing-source-read.ts';
export type { RoutingView } from './routing-view.ts';
export {
  type PushFallbackEvent,
  type PushHealthyEvent,
  type RoutingChangeEvent,
  type RoutingReadFailedEvent,
  type RoutingStaleness,
  type RoutingVia,
  type RoutingWarningEvent,
  RoutingWatcher,
  type RoutingWatcherEvents,
  type RoutingWatcherOptions,
} from './routing-watcher.ts';
