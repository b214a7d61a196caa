import { describe, expect, it } from 'vitest';
import { confirmMoves } from '../../../../src/controller/movers/confirm-moves.ts';
import type { PlanInput } from '../../../../src/domain/plan.ts';
import { FakeKafkaCluster } from '../../../support/fakes/fake-kafka-cluster.ts';
import { manualClock } from '../../../support/fakes/fake-time.ts';
import { recordingLogger } from '../../../support/fakes/recording-logger.ts';
import { planInput, T0 } from '../../../support/rollout-fixtures.ts';

const EXEC = 'arn:aws:states:eu-west-1:111122223333:execution:kraft-canary-orders:run-1';
const movers: PlanInput['movers'] = [
  { group: 'scorer', kind: 'streams', move: { slack: true } },
  { group: 'connect-s3', kind: 'connect', topics: ['orders', 'gone'], move: { slack: true } },
];
const quick = { drain: { stableFor: '1m', timeout: '5m', pollEvery: '1m' }, gates: { maxLagByGroup: { scorer: 0, 'connect-s3': 0 } } };

/** Green with 30 messages on orders and 4 on payments that the movers have to read. */
function setup() {
  const green = new FakeKafkaCluster().addTopic('orders', 2).addTopic('payments', 1).addTopic('internal-x', 1);
  green.produce('orders', 0, 20).produce('orders', 1, 10).produce('payments', 0, 4).produce('internal-x', 0, 9);
  const clock = manualClock(T0);
  const run = confirmMoves({ kafka: async () => green, clock, logger: recordingLogger() });
  const input = (previous = { requestedAt: T0 }) => ({
    plan: planInput({ movers, slack: { channel: 'C0123ABCD' }, topics: { exclude: ['internal-*'] }, ...quick }),
    previous,
    executionArn: EXEC,
  });
  return { green, clock, run, input };
}

describe('confirmMoves', () => {
  it('waits while a group is absent or behind on green', async () => {
    // Prepare
    const { green, run, input } = setup();
    green.commit('scorer', 'orders', 0, 20).commit('scorer', 'internal-x', 0, 0);

    // Act
    const out = await run(input());

    // Assess
    expect(out).toMatchObject({
      moved: false,
      timedOut: false,
      requestedAt: T0,
      progress: [
        { group: 'scorer', status: 'catching-up', lag: 10 },
        { group: 'connect-s3', status: 'absent', lag: 30 },
      ],
    });
    expect(out.notification).toEqual({
      migration: 'orders',
      kind: 'move',
      text: 'orders: waiting for the moves; scorer behind by 10; connect-s3 not on green yet',
    });
  });

  it('is moved when every group read everything green holds on its topics', async () => {
    // Prepare
    const { green, run, input } = setup();
    green.catchUp('scorer', 'orders').catchUp('scorer', 'payments').catchUp('connect-s3', 'orders');

    // Act
    const out = await run(input());

    // Assess
    expect(out).toMatchObject({ moved: true, timedOut: false });
    expect(out.notification.text).toBe('orders: scorer, connect-s3 moved to green and caught up.');
  });

  it('counts a group within the last stage lag limit as moved', async () => {
    // Prepare
    const { green, run, input } = setup();
    green.commit('scorer', 'orders', 0, 20).commit('connect-s3', 'orders', 0, 20).commit('connect-s3', 'orders', 1, 10);
    const plan = { ...input().plan, stages: [{ greenPercent: 50 }, { greenPercent: 100, gates: { maxLagByGroup: { scorer: 10 } } }] };

    // Act
    const out = await run({ ...input(), plan });

    // Assess
    expect(out.progress).toEqual([
      { group: 'scorer', status: 'moved', lag: 10 },
      { group: 'connect-s3', status: 'moved', lag: 0 },
    ]);
  });

  it('times out after the plan drain timeout from the request and says it holds', async () => {
    // Prepare
    const { run, clock, input } = setup();
    clock.at = T0 + 300_000;

    // Act
    const out = await run(input());

    // Assess
    expect(out).toMatchObject({ moved: false, timedOut: true });
    expect(out.notification).toMatchObject({ kind: 'hold', text: expect.stringContaining('not moved after 300 s: holding') });
  });

  it('disconnects from green when reading fails', async () => {
    // Prepare
    const green = new FakeKafkaCluster();
    green.can.reachable = false;
    const run = confirmMoves({ kafka: async () => green, clock: manualClock(T0), logger: recordingLogger() });

    // Act + Assess
    await expect(run({ plan: planInput({ movers }), previous: { requestedAt: T0 }, executionArn: EXEC })).rejects.toMatchObject({
      name: 'KafkaJSConnectionError',
    });
    expect(green.disconnects).toBe(1);
  });
});
