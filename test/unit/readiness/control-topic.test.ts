import { DEFAULT_CONTROL_TOPIC } from '@kraft-canary/client/contract';
import { describe, expect, it } from 'vitest';
import { ensureControlTopic } from '../../../src/readiness/control-topic.ts';
import { FakeKafkaCluster } from '../../support/fakes/fake-kafka-cluster.ts';

describe('ensureControlTopic', () => {
  it('creates the compacted control topic on blue and on green', async () => {
    // Prepare
    const blue = new FakeKafkaCluster();
    const green = new FakeKafkaCluster();
    // Act
    const rows = await ensureControlTopic({ blue, green }, DEFAULT_CONTROL_TOPIC);
    // Assess
    expect(rows.map((r) => [r.check, r.status])).toEqual([
      ['control-topic/blue', 'ok'],
      ['control-topic/green', 'ok'],
    ]);
    for (const cluster of [blue, green]) {
      expect(cluster.writes).toEqual([
        {
          op: 'createTopics',
          args: [{ name: DEFAULT_CONTROL_TOPIC, partitions: 1, replicationFactor: -1, configs: expect.objectContaining({ 'cleanup.policy': 'compact' }) }],
        },
      ]);
    }
  });

  it('warns, and never fails, when a cluster refuses: its clients poll SSM', async () => {
    // Prepare
    const blue = new FakeKafkaCluster();
    const green = {
      createTopics: async () => Promise.reject(Object.assign(new Error('denied'), { name: 'KafkaJSProtocolError' })),
    };
    // Act
    const rows = await ensureControlTopic({ blue, green }, DEFAULT_CONTROL_TOPIC);
    // Assess
    expect(rows[1]).toMatchObject({ check: 'control-topic/green', status: 'warn' });
    expect(rows[1]?.details).toContain('poll SSM');
  });
});
