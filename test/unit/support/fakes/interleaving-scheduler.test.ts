import { describe, expect, it } from 'vitest';
import { InterleavingScheduler } from '../../../support/fakes/interleaving-scheduler.ts';

describe('InterleavingScheduler', () => {
  it('runs one gated step at a time in the chosen order, the same choices giving the same run', async () => {
    // Prepare
    const runOnce = async (pick: number) => {
      const scheduler = new InterleavingScheduler(['a', 'b']);
      const log: string[] = [];
      const body = (actor: string) => async () => {
        for (const step of [1, 2]) {
          await scheduler.gateFor(actor)('step');
          log.push(`${actor}${step}`);
        }
      };
      await scheduler.run({ a: body('a'), b: body('b') }, (waiting) => Math.min(pick, waiting.length - 1));
      return { log, steps: scheduler.steps };
    };

    // Act
    const [first, again, other] = await Promise.all([runOnce(1), runOnce(1), runOnce(0)]);

    // Assess
    expect(first.log).toEqual(['b1', 'b2', 'a1', 'a2']);
    expect(again).toEqual(first);
    expect(other.log).toEqual(['a1', 'a2', 'b1', 'b2']);
    expect(first.steps).toBe(4);
  });

  it('offers a guarded gate only while its condition holds, and names the actors left blocked', async () => {
    // Prepare
    const scheduler = new InterleavingScheduler(['ack', 'never', 'send']);
    const log: string[] = [];
    let sent = false;
    const offered: string[][] = [];

    // Act
    const failures = await scheduler.run(
      {
        ack: async () => {
          await scheduler.gateFor('ack', () => sent)('ack');
          log.push('ack');
        },
        never: async () => {
          await scheduler.gateFor('never', () => false)('never');
          log.push('never');
        },
        send: async () => {
          await scheduler.gateFor('send')('send');
          sent = true;
          log.push('send');
        },
      },
      (waiting) => {
        offered.push([...waiting]);
        return 0;
      },
    );

    // Assess
    expect(failures.size).toBe(0);
    expect(offered).toEqual([['send'], ['ack']]);
    expect(log).toEqual(['send', 'ack']);
    expect(scheduler.blocked).toEqual(['never']);
  });
});
