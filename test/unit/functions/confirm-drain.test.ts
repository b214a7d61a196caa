import { describe, expect, it } from 'vitest';
import { createConfirmDrainHandler } from '../../../functions/confirm-drain.ts';
import { FakeKafkaCluster } from '../../support/fakes/fake-kafka-cluster.ts';
import { MemoryMetrics } from '../../support/fakes/memory-metrics.ts';
import { recordingLogger } from '../../support/fakes/recording-logger.ts';
import { EXECUTION_ARN, planInput, T0 } from '../../support/rollout-fixtures.ts';

const ctx = {} as never;

function handlerOver(admin: FakeKafkaCluster) {
  const metrics = new MemoryMetrics();
  return createConfirmDrainHandler({ kafka: async () => admin, metrics, catalog: metrics, clock: { now: () => T0 }, logger: recordingLogger() });
}

describe('functions/confirm-drain', () => {
  it('polls the cluster and carries the streak', async () => {
    const run = handlerOver(new FakeKafkaCluster().addTopic('orders', 1).catchUp('billing', 'orders'));
    const out = await run(
      { plan: planInput(), cluster: 'blue', previous: { streak: null, startedAt: null, lastPollAt: null }, executionArn: EXECUTION_ARN },
      ctx,
    );
    expect(out).toMatchObject({ drained: false, streak: { polls: 1 }, startedAt: T0 });
  });

  it('fails when the admin cannot connect', async () => {
    const admin = new FakeKafkaCluster();
    admin.listTopics = async () => {
      throw Object.assign(new Error('x'), { name: 'KafkaAdminError' });
    };
    await expect(handlerOver(admin)({ plan: planInput(), cluster: 'blue', executionArn: EXECUTION_ARN }, ctx)).rejects.toMatchObject({
      name: 'KafkaAdminError',
    });
  });
});
