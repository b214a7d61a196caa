/** The Kafka control topic that carries routing documents to clients (src/kafka/ in production). */
import type { Cluster } from '@kraft-canary/client/contract';

export interface ControlTopicPublisher {
  /**
   * Writes one record (key = migration, value = text) to the control topic of `cluster`,
   * acknowledged by the leader, within the adapter's short timeouts; rejects otherwise.
   */
  publish(cluster: Cluster, migration: string, text: string): Promise<void>;
}
