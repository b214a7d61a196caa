import type { Message, ProducerBatch, ProducerRecord, TopicMessages } from 'kafkajs';
import type { Cluster } from './contract/bucket.ts';

export type SendCall = { readonly method: 'send'; readonly payload: ProducerRecord } | { readonly method: 'sendBatch'; readonly payload: ProducerBatch };

export interface ClusterPart {
  readonly cluster: Cluster;
  readonly call: SendCall;
  readonly messages: number;
  readonly topicMessages: TopicMessages[];
}

const topicMessagesOf = (call: SendCall): TopicMessages[] =>
  call.method === 'send' ? [{ topic: call.payload.topic, messages: call.payload.messages }] : (call.payload.topicMessages ?? []);

export const topicsOf = (call: SendCall): string[] => [...new Set(topicMessagesOf(call).map((t) => t.topic))];

export const messageCount = (call: SendCall): number =>
  call.method === 'send' ? (call.payload.messages?.length ?? 0) : topicMessagesOf(call).reduce((n, t) => n + (t.messages?.length ?? 0), 0);

/**
 * Splits one send into per-cluster calls of the same kind (send stays send, keeping acks,
 * timeout and compression). When every message goes to one cluster the caller's object is
 * passed through untouched. Message order within a topic is kept in each part.
 */
export function splitByCluster(call: SendCall, routeOf: (message: Message) => Cluster): ClusterPart[] {
  const byCluster = new Map<Cluster, TopicMessages[]>();
  for (const { topic, messages } of topicMessagesOf(call)) {
    for (const message of messages ?? []) {
      const cluster = routeOf(message);
      const topics = byCluster.get(cluster) ?? [];
      const last = topics.at(-1);
      if (last?.topic === topic) last.messages.push(message);
      else topics.push({ topic, messages: [message] });
      byCluster.set(cluster, topics);
    }
  }
  if (byCluster.size <= 1) {
    const cluster = [...byCluster.keys()][0] ?? null;
    return cluster === null ? [] : [{ cluster, call, messages: messageCount(call), topicMessages: topicMessagesOf(call) }];
  }
  return [...byCluster].map(([cluster, topicMessages]) => ({
    cluster,
    call: rebuild(call, topicMessages),
    messages: topicMessages.reduce((n, t) => n + t.messages.length, 0),
    topicMessages,
  }));
}

function rebuild(call: SendCall, topicMessages: TopicMessages[]): SendCall {
  if (call.method === 'send') {
    const first = topicMessages[0] ?? { topic: call.payload.topic, messages: [] };
    return { method: 'send', payload: { ...call.payload, messages: first.messages } };
  }
  return { method: 'sendBatch', payload: { ...call.payload, topicMessages } };
}
