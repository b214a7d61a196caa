import { describe, expect, it } from 'vitest';
import { warmUp } from '../../../../src/local/rehearsal/fleet-warmup.ts';
import { MessageLedger } from '../../../../src/local/rehearsal/message-ledger.ts';

/** A clock that the fake timers move: each wait advances time by its delay. */
function fakeTime(onTick: (now: number) => void = () => {}) {
  let now = 0;
  return {
    clock: { now: () => now },
    timers: {
      setTimeout: (fn: () => void, ms: number) => {
        now += ms;
        onTick(now);
        queueMicrotask(fn);
        return 0;
      },
      clearTimeout: () => {},
    },
  };
}

describe('warmUp', () => {
  it('waits until consumers keep up for the steady time', async () => {
    // Prepare: 30 messages behind until 1 s, then caught up.
    const ledger = new MessageLedger();
    for (let i = 0; i < 30; i++) ledger.acked('blue', `s:${i}`);
    const { clock, timers } = fakeTime((now) => {
      if (now === 1_000) for (let i = 0; i < 30; i++) ledger.delivered('blue', `s:${i}`);
    });

    // Act
    const settled = await warmUp(ledger, clock, timers, { maxOutstanding: 5, steadyMs: 2_000, timeoutMs: 30_000 });

    // Assess
    expect(settled).toBe(true);
    expect(clock.now()).toBe(3_000);
  });

  it('counts the steady time only with the group formed and no new generation on blue', async () => {
    // Prepare: caught up throughout; a member is missing until 1 s, the group rebalances at 2 s.
    const ledger = new MessageLedger();
    ledger.acked('blue', 's:0');
    ledger.delivered('blue', 's:0');
    const { clock, timers } = fakeTime((now) => {
      if (now === 2_000) ledger.generation('blue');
    });

    // Act
    const settled = await warmUp(ledger, clock, timers, { maxOutstanding: 5, steadyMs: 2_000, timeoutMs: 30_000, groupFormed: () => clock.now() >= 1_000 });

    // Assess: steady from 1 s, reset by the rebalance at 2 s, steady again from 2.1 s.
    expect(settled).toBe(true);
    expect(clock.now()).toBe(4_100);
  });

  it('gives up after the timeout when nothing is ever delivered', async () => {
    // Prepare
    const ledger = new MessageLedger();
    const { clock, timers } = fakeTime();

    // Act
    const settled = await warmUp(ledger, clock, timers, { maxOutstanding: 5, steadyMs: 2_000, timeoutMs: 5_000 });

    // Assess
    expect(settled).toBe(false);
    expect(clock.now()).toBe(5_000);
  });
});
