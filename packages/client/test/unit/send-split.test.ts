import type { Message } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { splitByCluster } from '../../src/send-split.ts';

const byKey = (m: Message) => (String(m.key).startsWith('g') ? 'green' : 'blue');

describe('splitByCluster', () => {
  it('passes a single-cluster call through untouched', () => {
    // Prepare
    const payload = {
      topic: 't',
      acks: 1,
      messages: [
        { key: 'b1', value: '1' },
        { key: 'b2', value: '2' },
      ],
    };

    // Act
    const parts = splitByCluster({ method: 'send', payload }, byKey);

    // Assess
    expect(parts).toHaveLength(1);
    expect(parts[0]?.call.payload).toBe(payload);
    expect(parts[0]?.messages).toBe(2);
  });

  it('splits a batch per cluster, keeping options, topics and message order', () => {
    // Prepare
    const topicMessages = [
      {
        topic: 't1',
        messages: [
          { key: 'b1', value: '1' },
          { key: 'g1', value: '2' },
          { key: 'b2', value: '3' },
        ],
      },
      { topic: 't2', messages: [{ key: 'g2', value: '4' }] },
    ];

    // Act
    const parts = splitByCluster({ method: 'sendBatch', payload: { acks: -1, topicMessages } }, byKey);

    // Assess
    expect(parts.map((p) => [p.cluster, p.call.payload, p.messages])).toEqual([
      ['blue', { acks: -1, topicMessages: [{ topic: 't1', messages: [topicMessages[0]?.messages[0], topicMessages[0]?.messages[2]] }] }, 2],
      [
        'green',
        {
          acks: -1,
          topicMessages: [
            { topic: 't1', messages: [topicMessages[0]?.messages[1]] },
            { topic: 't2', messages: topicMessages[1]?.messages },
          ],
        },
        2,
      ],
    ]);
  });

  it('keeps a split send a send', () => {
    // Act
    const parts = splitByCluster(
      {
        method: 'send',
        payload: {
          topic: 't',
          timeout: 5,
          messages: [
            { key: 'g', value: '1' },
            { key: 'b', value: '2' },
          ],
        },
      },
      byKey,
    );

    // Assess
    expect(parts.map((p) => p.call)).toEqual([
      { method: 'send', payload: { topic: 't', timeout: 5, messages: [{ key: 'g', value: '1' }] } },
      { method: 'send', payload: { topic: 't', timeout: 5, messages: [{ key: 'b', value: '2' }] } },
    ]);
  });

  it('returns no part for an empty send', () => {
    // Act
    const parts = splitByCluster({ method: 'sendBatch', payload: {} }, byKey);

    // Assess
    expect(parts).toEqual([]);
  });
});
