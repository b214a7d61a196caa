import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { readinessCommand } from '../../../../src/cli/readiness/readiness-command.ts';
import { captureIo } from '../../../support/cli-io.ts';
import { type ReadinessWorld, readinessWorld } from '../../../support/readiness-world.ts';
import { BLUE_ARN, planInput } from '../../../support/rollout-fixtures.ts';

const golden = (name: string) => readFileSync(new URL(`golden/${name}`, import.meta.url), 'utf8');
const clock = { now: () => Date.parse('2026-05-04T10:00:00.000Z') };
const FN = 'arn:aws:lambda:eu-west-1:123456789012:function:settle-orders';

describe('kraft-canary readiness', () => {
  let dir: string;
  let w: ReadinessWorld;
  let closed: number;

  const run = async (...args: string[]) => {
    const io = captureIo(dir);
    const command = readinessCommand(async () => ({ ports: w.ports, close: async () => void closed++ }), {}, clock);
    const code = await command.run(args, io);
    return { code, out: io.out(), err: io.err() };
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'readiness-'));
    writeFileSync(join(dir, 'plan.json'), JSON.stringify(planInput({ consumerGroups: [] })));
    closed = 0;
    w = readinessWorld();
    w.blue.topic('orders', 3, 3, { 'retention.ms': '604800000' }, [10, 10, 10]);
    w.blue.topic('__kraft-canary-routing', 1, 3, { 'cleanup.policy': 'compact' });
    w.blue.group('billing', { committed: { orders: [10, 10, 10] }, state: 'Stable', members: 2 });
    w.triggers.add({ sourceArn: BLUE_ARN, functionArn: FN, topics: ['orders'], consumerGroupId: 'billing', batchSize: 100 });
  });

  it('prints the table and what --sync would do, writes the JSON report, and exits 1 when a check fails', async () => {
    // Act
    const result = await run('--plan', 'plan.json', '--json', 'report.json');

    // Assess
    expect(result).toEqual({ code: 1, out: golden('readiness-not-ready.stdout.txt'), err: '' });
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report).toMatchObject({ migration: 'orders', verdict: 'fail', baseline: [{ group: 'billing', lag: 0 }], applied: [] });
    expect(closed).toBe(1);
  });

  it('--sync prints what it will do, changes green only, exits 0, and a second run changes nothing', async () => {
    // Act
    const first = await run('--plan', 'plan.json', '--sync');
    const second = await run('--plan', 'plan.json', '--sync');

    // Assess
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^--sync will change green \(3\):\n {2}- create orders on green with 3 partitions/);
    expect(first.out).toContain('  done: create the control topic __kraft-canary-routing on green (compacted, 1 partition)');
    expect(first.out).toContain('  done: create a disabled Lambda trigger for settle-orders on green');
    expect(second).toMatchObject({ code: 0, err: '' });
    expect(second.out).not.toContain('--sync will change green');
    expect(w.blue.writes).toEqual([]);
    expect(w.triggers.writes).toHaveLength(1);
  });

  it('--json - prints the report as JSON on stdout instead of the table, --sync progress on stderr', async () => {
    // Act
    const checked = await run('--plan', 'plan.json', '--json', '-');
    const synced = await run('--plan', 'plan.json', '--sync', '--json', '-');

    // Assess
    expect(checked.code).toBe(1);
    expect(JSON.parse(checked.out)).toMatchObject({ migration: 'orders', verdict: 'fail', baseline: [{ group: 'billing', lag: 0 }] });
    expect(checked.err).toBe('');
    expect(synced.code).toBe(0);
    expect(JSON.parse(synced.out)).toMatchObject({ migration: 'orders', applied: [{ result: 'done' }, { result: 'done' }, { result: 'done' }] });
    expect(synced.err).toMatch(/^--sync will change green \(3\):/);
  });

  it.each([
    [['--sync'], /--plan <file> is required/],
    [['--plan', 'plan.json', '--bogus'], /Unknown option '--bogus'/],
    [['--plan', 'missing.yml'], /cannot read missing.yml \(ENOENT\)/],
  ])('refuses %j with exit 2', async (args, message) => {
    // Act
    const result = await run(...args);

    // Assess
    expect(result.code).toBe(2);
    expect(result.err).toMatch(message);
  });

  it('refuses an invalid plan with its errors, exit 2', async () => {
    // Prepare
    writeFileSync(join(dir, 'bad.yml'), 'migration: Bad_Id\n');

    // Act
    const result = await run('--plan', 'bad.yml');

    // Assess
    expect(result.code).toBe(2);
    expect(result.err).toContain('migration: must be 1-63 characters');
  });

  it('reports clusters it cannot connect to without raw errors, exit 1', async () => {
    // Prepare
    const io = captureIo(dir);
    const failing = readinessCommand(
      async () => Promise.reject(Object.assign(new Error('password=hunter2'), { name: 'KafkaJSSASLAuthenticationError' })),
      {},
      clock,
    );

    // Act
    const code = await failing.run(['--plan', 'plan.json'], io);

    // Assess
    expect(code).toBe(1);
    expect(io.err()).toBe("kraft-canary readiness: cannot connect to the plan's clusters: KafkaJSSASLAuthenticationError\n");
  });
});
