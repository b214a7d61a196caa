import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { drainCheckCommand } from '../../../../src/cli/drain-check/drain-check-command.ts';
import { captureIo } from '../../../support/cli-io.ts';
import { cliPlanDir } from '../../../support/cli-plan-file.ts';
import { FakeKafkaCluster } from '../../../support/fakes/fake-kafka-cluster.ts';
import { T0 } from '../../../support/rollout-fixtures.ts';

const golden = (name: string) => readFileSync(new URL(`golden/${name}`, import.meta.url), 'utf8');

let blue: FakeKafkaCluster;
let green: FakeKafkaCluster;
let now: number;
let duringWait: () => void;
let opened: string[];

/** Timers that let the time pass at once: each wait moves the clock on and runs the hook. */
const timers = {
  setTimeout: (fn: () => void, ms: number) => {
    now += ms;
    duringWait();
    fn();
    return 0;
  },
  clearTimeout: () => {},
};

async function run(...args: string[]) {
  const io = captureIo(cliPlanDir({ 'bad.yml': 'migration: x\n' }));
  const load = async () => async (_plan: unknown, side: 'blue' | 'green') => {
    opened.push(side);
    return side === 'blue' ? blue : green;
  };
  const code = await drainCheckCommand(load, { now: () => now }, timers).run(args, io);
  return { code, out: io.out(), err: io.err() };
}

beforeEach(() => {
  blue = new FakeKafkaCluster().addTopic('orders', 3).produce('orders', 0, 10).produce('orders', 2, 5).catchUp('billing', 'orders');
  green = new FakeKafkaCluster().addTopic('orders', 3);
  now = T0;
  duringWait = () => {};
  opened = [];
});

describe('kraft-canary drain-check', () => {
  it('blocked: every blocking partition with its group and lag, exit 1 (golden)', async () => {
    // Prepare: billing is 2 behind on orders/0; audit read orders but never committed on orders/2.
    blue.commit('billing', 'orders', 0, 8).commit('audit', 'orders', 0, 10).commit('audit', 'orders', 1, 0);
    // Act
    const result = await run('--plan', 'plan.yml');
    // Assess
    expect(result).toEqual({ code: 1, out: golden('drain-check-blocked.stdout.txt'), err: '' });
    expect(opened).toEqual(['blue']);
    expect(blue.disconnects).toBe(1);
  });

  it('one poll with nothing left to consume: caught up, not proven, exit 1 (golden)', async () => {
    const result = await run('--plan', 'plan.yml');
    expect(result).toEqual({ code: 1, out: golden('drain-check-caught-up.stdout.txt'), err: '' });
  });

  it('drained: watermarks unchanged over polls spanning drain.stableFor, exit 0 (golden)', async () => {
    // Act
    const result = await run('--plan', 'plan.yml', '--polls', '3', '--every', '1m');
    // Assess
    expect(result).toEqual({ code: 0, out: golden('drain-check-drained.stdout.txt'), err: '' });
    expect(now).toBe(T0 + 120_000);
  });

  it('a message produced between polls restarts the streak: new-messages, exit 1', async () => {
    // Prepare
    duringWait = () => {
      blue.produce('orders', 1, 1).catchUp('billing', 'orders');
    };
    // Act
    const result = await run('--plan', 'plan.yml', '--polls', '2', '--every', '30s', '--json');
    // Assess
    const body = JSON.parse(result.out);
    expect([result.code, body.ok, body.status, body.everySeconds]).toEqual([1, false, 'blocked', 30]);
    expect(body.verdict.blocking).toEqual([{ reason: 'new-messages' }, { reason: 'not-stable-long-enough' }]);
    expect(body.polls.map((p: { at: string }) => p.at)).toEqual(['2026-05-04T10:00:00.000Z', '2026-05-04T10:00:30.000Z']);
  });

  it('--json --cluster green: the verdict with every blocker, exit 1', async () => {
    // Prepare
    green.produce('orders', 1, 4).commit('billing', 'orders', 1, 1);
    // Act
    const result = await run('--plan', 'plan.yml', '--cluster', 'green', '--json');
    // Assess
    expect(result.code).toBe(1);
    expect(JSON.parse(result.out)).toMatchObject({
      ok: false,
      migration: 'orders',
      cluster: 'green',
      status: 'blocked',
      stableForSeconds: 120,
      everySeconds: 60,
      verdict: { drained: false, blocking: [{ reason: 'lag', group: 'billing', topic: 'orders', partition: 1, lag: 3 }] },
    });
    expect(opened).toEqual(['green']);
  });

  it('a cluster that cannot be reached: one line without the raw message, exit 1', async () => {
    // Prepare
    blue.listTopics = async () => {
      throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:9098'), { name: 'KafkaJSConnectionError' });
    };
    // Act
    const result = await run('--plan', 'plan.yml');
    // Assess
    expect(result).toEqual({ code: 1, out: '', err: 'kraft-canary drain-check: cannot read blue: KafkaJSConnectionError\n' });
    expect(blue.disconnects).toBe(1);
  });

  it.each([
    { args: ['--plan', 'missing.yml'], code: 1, err: 'kraft-canary drain-check: cannot read missing.yml: no such file\n' },
    { args: ['--plan', 'plan.yml', '--cluster', 'purple'], code: 2, err: 'kraft-canary drain-check: --cluster must be blue or green\n' },
    { args: ['--plan', 'plan.yml', '--polls', '0'], code: 2, err: 'kraft-canary drain-check: --polls must be a whole number from 1 to 100\n' },
    {
      args: ['--plan', 'plan.yml', '--every', 'soon'],
      code: 2,
      err: 'kraft-canary drain-check: --every must be a duration from 1s to 1h, such as 30s or 1m\n',
    },
    { args: ['--polls', '2'], code: 2, err: 'kraft-canary drain-check: --plan <file> is required\n' },
    { args: ['--plan', 'plan.yml', 'blue'], code: 2, err: 'kraft-canary drain-check: unexpected argument "blue"\n' },
  ])('$args: one line, exit $code', async ({ args, code, err }) => {
    expect(await run(...args)).toEqual({ code, out: '', err });
  });

  it('an invalid plan: its problems, exit 2', async () => {
    const result = await run('--plan', 'bad.yml');
    expect([result.code, result.out]).toEqual([2, '']);
    expect(result.err).toMatch(/^kraft-canary drain-check: bad\.yml: plan has \d+ errors\n/);
  });
});
