import { describe, expect, it } from 'vitest';
import type { PlanInput } from '../../../src/domain/plan.ts';
import { named, RolloutWorld } from '../../support/rollout-world.ts';

const HOOK = 'arn:aws:lambda:eu-west-1:111122223333:function:orders-scorer-move';
const quickDrain = { drain: { stableFor: '1m', timeout: '5m', pollEvery: '1m' } };
// Caught up means nothing left here: no producer keeps sending while the moves are checked.
const gates = { maxLagByGroup: { scorer: 0, 'connect-s3': 0 } };
const byHook: Partial<PlanInput> = { movers: [{ group: 'scorer', kind: 'streams', move: { lambda: HOOK } }], gates };
const bySlack: Partial<PlanInput> = { movers: [{ group: 'connect-s3', kind: 'connect', topics: ['orders'], move: { slack: true } }], gates };

/** `expected` appears in `states` in this order (other states may come between). */
const visits = (states: readonly string[], expected: readonly string[]) => {
  let at = 0;
  for (const name of states) if (name === expected[at]) at += 1;
  return at === expected.length;
};

/** A world whose mover read everything on blue, while the canary sent 40 messages to green that no one has read. */
function world(group: string): RolloutWorld {
  const w = new RolloutWorld();
  w.blue.catchUp(group, 'orders');
  w.green.produce('orders', 0, 25).produce('orders', 2, 15);
  w.green.catchUp('billing', 'orders');
  return w;
}

describe('rollout: movers at the cutover', () => {
  it('MoversToMove → RequestMoves invokes the hook after the drain of blue, and complete waits until the group caught up on green', async () => {
    // Prepare: the hook restarts the application against green, which reads from the earliest offsets
    const w = world('scorer');
    w.allowedHooks.push(HOOK);
    let routeAtHook = '';
    w.hooks.onInvoke = (request) => {
      routeAtHook = w.route().at(-1) ?? '';
      w.green.commit(request.group, 'orders', 0, 10);
    };
    w.beforeMovePoll = (call) => {
      if (call === 3) w.green.catchUp('scorer', 'orders');
    };
    // Act
    const result = await w.run(byHook);
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(routeAtHook).toBe('draining:100');
    expect(w.hooks.calls).toEqual([
      {
        arn: HOOK,
        request: {
          type: 'kraft-canary.move',
          migration: 'orders',
          group: 'scorer',
          kind: 'streams',
          cluster: 'green',
          bootstrap: 'b-1.orders-green.kafka.eu-west-1.amazonaws.com:9098',
          startFrom: 'earliest',
          executionArn: expect.stringContaining(':execution:'),
        },
      },
    ]);
    expect(w.calls.confirmMoves).toBe(3);
    expect(
      visits(result.states, [
        'ConfirmBlueDrain',
        'MoversToMove',
        'RequestMoves',
        'NotifyMoves',
        'ConfirmMoves',
        'WaitForMoves',
        'ConfirmMoves',
        'CompleteRollout',
      ]),
    ).toBe(true);
    expect(w.route().slice(-2)).toEqual(['draining:100', 'complete:100']);
    const polls = w.notifications.filter((n) => n.kind === 'move').map((n) => n.text);
    expect(polls[0]).toContain('• scorer (streams): its move hook was invoked');
  });

  it('asks a person in Slack, waits while the group is absent and then catching up, and completes once it read green', async () => {
    // Prepare
    const w = world('connect-s3');
    w.beforeMovePoll = (call) => {
      if (call === 2) w.green.commit('connect-s3', 'orders', 0, 25);
      if (call === 3) w.green.catchUp('connect-s3', 'orders');
    };
    // Act
    const result = await w.run(bySlack);
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(w.hooks.calls).toEqual([]);
    expect(w.slackPosts.some((p) => p.text.includes('• connect-s3 (connect): please restart it against green now'))).toBe(true);
    expect(w.calls.confirmMoves).toBe(3);
    expect(w.latest()).toMatchObject({ phase: 'complete', consumers: { blue: false, green: true } });
  });

  it('MovesDone timedOut → HoldOnMoveTimeout: a group that never arrives holds the rollout without writing complete', async () => {
    // Prepare
    const w = world('connect-s3');
    // Act
    const result = await w.run({ ...bySlack, ...quickDrain });
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutHeld' });
    expect(result.cause).toBe(
      'orders: not moved after 300 s: holding (producers on green, blue drained; complete is not written); connect-s3 not on green yet',
    );
    expect(visits(result.states, ['ConfirmMoves', 'MovesDone', 'HoldOnMoveTimeout', 'NotifyOutcome', 'ReleaseLock', 'RolloutHeld'])).toBe(true);
    expect(w.latest()).toMatchObject({ phase: 'draining', consumers: { blue: true, green: true } });
    expect(result.states).not.toContain('RollBack');
  });

  it('RequestMoves Catch → HoldOnMoveError: a hook the deployment may not invoke holds, never rolls back', async () => {
    // Prepare: no moverHooks deployed
    const w = world('scorer');
    // Act
    const result = await w.run(byHook);
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutHeld' });
    expect(result.cause).toContain('the move of the movers to green could not be asked for or checked (MoverHookNotAllowedError)');
    expect(w.hooks.calls).toEqual([]);
    expect(w.latest()).toMatchObject({ phase: 'draining' });
    expect(result.states).not.toContain('RollBack');
  });

  it('ConfirmMoves Catch → HoldOnMoveError: green unreadable while waiting for the moves holds', async () => {
    // Prepare
    const w = world('connect-s3');
    w.faults.confirmMoves = () => named('KafkaCredentialsError');
    // Act
    const result = await w.run(bySlack);
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutHeld' });
    expect(visits(result.states, ['RequestMoves', 'NotifyMoves', 'ConfirmMoves', 'HoldOnMoveError'])).toBe(true);
    expect(w.latest()).toMatchObject({ phase: 'draining' });
  });

  it('MoversToMove Default → CompleteRollout: a plan without movers never asks for a move', async () => {
    // Prepare
    const w = new RolloutWorld();
    // Act
    const result = await w.run();
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(visits(result.states, ['MoversToMove', 'CompleteRollout'])).toBe(true);
    expect(result.states).not.toContain('RequestMoves');
  });

  it('the drain of blue waits for a mover still behind on blue before the move is asked for', async () => {
    // Prepare: the mover has 10 messages left on blue
    const w = world('scorer');
    w.allowedHooks.push(HOOK);
    w.blue.commit('scorer', 'orders', 0, 490);
    w.before.confirmDrain = async (call) => {
      if (call === 3) w.blue.catchUp('scorer', 'orders');
    };
    w.hooks.onInvoke = () => w.green.catchUp('scorer', 'orders');
    // Act: the default lag limits (a limit of 0 would refuse the first stage over the lag of 10)
    const result = await w.run({ ...byHook, gates: {} });
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(w.calls.confirmDrain).toBeGreaterThan(3);
    expect(visits(result.states, ['ConfirmBlueDrain', 'WaitForBlueDrain', 'ConfirmBlueDrain', 'RequestMoves', 'ConfirmMoves', 'CompleteRollout'])).toBe(true);
  });
});
