import { describe, expect, it } from 'vitest';
import { type ConfirmDrainOutput, type ConfirmDrainPorts, confirmDrain } from '../../../../src/controller/drain/confirm-drain.ts';
import { KafkaAdminError } from '../../../../src/kafka/errors.ts';
import { FakeKafkaCluster } from '../../../support/fakes/fake-kafka-cluster.ts';
import { manualClock } from '../../../support/fakes/fake-time.ts';
import { MemoryMetrics } from '../../../support/fakes/memory-metrics.ts';
import { recordingLogger } from '../../../support/fakes/recording-logger.ts';
import { EXECUTION_ARN, planInput, T0 } from '../../../support/rollout-fixtures.ts';

function setup() {
  const blue = new FakeKafkaCluster().addTopic('orders', 2).produce('orders', 0, 10).catchUp('billing', 'orders');
  const green = new FakeKafkaCluster().addTopic('orders', 2);
  const metrics = new MemoryMetrics();
  const clock = manualClock(T0);
  const ports: ConfirmDrainPorts = { kafka: async (_p, side) => (side === 'blue' ? blue : green), metrics, catalog: metrics, clock, logger: recordingLogger() };
  return { blue, green, metrics, clock, run: confirmDrain(ports) };
}

const plan = planInput({ drain: { stableFor: '2m', timeout: '10m', pollEvery: '1m' } });
const input = (previous: ConfirmDrainOutput | null = null, cluster = 'blue') => ({ plan, cluster, previous, executionArn: EXECUTION_ARN });

describe('confirmDrain', () => {
  it('proves a cluster drained after watermarks held still for the plan window over several polls', async () => {
    // Prepare
    const { run, clock, blue } = setup();
    // Act
    const first = await run(input());
    clock.at += 60_000;
    const second = await run(input(first));
    clock.at += 60_000;
    const third = await run(input(second));
    // Assess
    expect(first).toMatchObject({ drained: false, timedOut: false, blocking: [{ reason: 'not-stable-long-enough' }], startedAt: T0, lastPollAt: T0 });
    expect(second.drained).toBe(false);
    expect(third).toMatchObject({
      drained: true,
      proof: { cluster: 'blue', provenAt: T0 + 120_000, stableForSeconds: 120, groups: 1, partitions: 2 },
      blocking: [],
    });
    expect(third.notification.text).toContain('blue is drained');
    expect(blue.disconnects).toBe(3);
  });

  it('names the partitions that still block, and starts the streak over after new messages', async () => {
    // Prepare
    const { run, clock, blue } = setup();
    const first = await run(input());
    blue.produce('orders', 1, 4);
    clock.at += 60_000;
    // Act
    const out = await run(input(first));
    // Assess
    expect(out).toMatchObject({ drained: false, blockingCount: 1, blocking: [{ reason: 'lag', group: 'billing', topic: 'orders', partition: 1, lag: 4 }] });
    expect(out.streak).toEqual({ since: null, watermarkDigest: null, polls: 0 });
  });

  it('times out after the plan drain timeout counted from the first poll', async () => {
    // Prepare
    const { run, clock, blue } = setup();
    blue.produce('orders', 1, 4);
    const first = await run(input());
    clock.at += 600_000;
    // Act
    const out = await run(input(first));
    // Assess
    expect(out).toMatchObject({ drained: false, timedOut: true, startedAt: T0 });
    expect(out.notification).toMatchObject({ kind: 'hold' });
    expect(out.notification.text).toContain('lag billing orders/1 (4)');
  });

  it('counts per-topic MessagesInPerSec since the last poll; the broker-wide series is ignored', async () => {
    // Prepare
    const { run, clock, metrics } = setup();
    metrics.register('AWS/Kafka', 'MessagesInPerSec', { 'Cluster Name': 'orders-blue', 'Broker ID': '1' });
    metrics.register('AWS/Kafka', 'MessagesInPerSec', { 'Cluster Name': 'orders-blue', 'Broker ID': '1', Topic: 'orders' });
    metrics.register('AWS/Kafka', 'MessagesInPerSec', { 'Cluster Name': 'orders-blue', 'Broker ID': '1', Topic: '__consumer_offsets' });
    metrics.source = (q) => (q.dimensions.Topic === 'orders' ? 2 : 99);
    const first = await run(input());
    clock.at += 60_000;
    // Act
    const out = await run(input(first));
    // Assess
    expect(out.blocking).toContainEqual({ reason: 'new-messages' });
  });

  it('polls green after a rollback', async () => {
    // Prepare
    const { run, green } = setup();
    green.produce('orders', 0, 3).commit('billing', 'orders', 0, 1);
    // Act
    const out = await run(input(null, 'green'));
    // Assess
    expect(out).toMatchObject({ cluster: 'green', drained: false, blocking: [{ reason: 'lag', lag: 2 }] });
  });

  it('green that cannot be reached after a rollback is not drained yet: the streak starts over and the drain is polled again until its timeout', async () => {
    // Prepare
    const { run, clock, green } = setup();
    const reachable = await run(input(null, 'green'));
    green.listTopics = async () => {
      throw new KafkaAdminError('listTopics', 'KafkaJSConnectionError');
    };
    clock.at += 60_000;
    // Act
    const down = await run(input(reachable, 'green'));
    clock.at += 600_000;
    const stillDown = await run(input(down, 'green'));
    // Assess
    expect(down).toMatchObject({
      cluster: 'green',
      drained: false,
      timedOut: false,
      proof: null,
      blocking: [{ reason: 'no-data' }],
      startedAt: T0,
      lastPollAt: T0,
    });
    expect(down.streak).toEqual({ since: null, watermarkDigest: null, polls: 0 });
    expect(down.notification.text).toContain('green not drained yet; 1 blocker(s): no-data');
    expect(stillDown).toMatchObject({ drained: false, timedOut: true, startedAt: T0 });
    expect(green.disconnects).toBe(3);
  });

  it('disconnects and throws when Kafka cannot be read', async () => {
    // Prepare
    const { run, blue } = setup();
    blue.listTopics = async () => {
      throw new KafkaAdminError('listTopics', 'KafkaJSConnectionError');
    };
    // Act / Assess
    await expect(run(input())).rejects.toMatchObject({ name: 'KafkaAdminError' });
    expect(blue.disconnects).toBe(1);
  });

  it('throws on an unknown cluster', async () => {
    const { run } = setup();
    await expect(run(input(null, 'purple'))).rejects.toMatchObject({ name: 'InvalidStepInputError' });
  });
});
