import type { KafkaClientFactory } from '@kraft-canary/client';
import type { Cluster } from '@kraft-canary/client/contract';
import type { MessageLedger } from './message-ledger.ts';

const idOf = (value: unknown): string | null => (typeof value === 'string' ? value : value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : null);

/**
 * Wraps the Kafka client factory the canary clients use, so that the ledger learns what the
 * Kafka client itself saw: which cluster acknowledged each message (the ground truth the
 * accounting needs, below the canary producer's routing), where the broker put it, and when a
 * group rebalanced.
 */
export function trackingFactory(base: KafkaClientFactory, ledger: MessageLedger): KafkaClientFactory {
  return {
    producer(cluster: Cluster, connection, config) {
      const producer = base.producer(cluster, connection, config);
      return {
        connect: () => producer.connect(),
        disconnect: () => producer.disconnect(),
        async send(record) {
          const metadata = await producer.send(record);
          // One message per send (what the fleet does): the broker's base offset is its offset.
          const only = record.messages.length === 1 && metadata.length === 1 ? metadata[0] : undefined;
          const position = only ? { topic: only.topicName, partition: only.partition, offset: Number(only.baseOffset) } : undefined;
          for (const message of record.messages) {
            const id = idOf(message.value);
            if (id !== null) ledger.acked(cluster, id, position);
          }
          return metadata;
        },
        async sendBatch(batch) {
          const metadata = await producer.sendBatch(batch);
          for (const topicMessages of batch.topicMessages ?? []) {
            for (const message of topicMessages.messages) {
              const id = idOf(message.value);
              if (id !== null) ledger.acked(cluster, id);
            }
          }
          return metadata;
        },
      };
    },
    consumer(cluster: Cluster, connection, spec) {
      const consumer = base.consumer(cluster, connection, spec);
      if (consumer.on && consumer.events) {
        consumer.on(consumer.events.GROUP_JOIN, (event) => {
          if (event.payload.isLeader) ledger.generation(cluster);
        });
      }
      return consumer;
    },
  };
}
