import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { preflightCommand } from '../../../../src/cli/preflight/preflight-command.ts';
import { MemoryAlarmStates } from '../../../../src/local/memory-alarm-states.ts';
import { MemoryRoutingStore } from '../../../../src/local/memory-routing-store.ts';
import type { CreateOnlyFlags, ExecutionStatus } from '../../../../src/ports/index.ts';
import { captureIo } from '../../../support/cli-io.ts';
import { CLI_PLAN_YAML, cliPlanDir } from '../../../support/cli-plan-file.ts';
import { FakeKafkaCluster } from '../../../support/fakes/fake-kafka-cluster.ts';
import { MemoryClusterRegistry } from '../../../support/fakes/memory-cluster-registry.ts';
import { BLUE_ARN, GREEN_ARN, routingDoc, T0 } from '../../../support/rollout-fixtures.ts';

const golden = (name: string) => readFileSync(new URL(`golden/${name}`, import.meta.url), 'utf8');
const HOLDER = 'arn:aws:states:eu-west-1:123456789012:execution:kraft-canary-rollout:orders-0000';
const SYNC_PLAN = `${CLI_PLAN_YAML}topics: { sync: true }\n`;

let store: MemoryRoutingStore;
let blue: FakeKafkaCluster;
let green: FakeKafkaCluster;
let holderStatus: ExecutionStatus;
let dir: string;

async function run(...args: string[]) {
  const io = captureIo(dir);
  const clusters = new MemoryClusterRegistry()
    .add({ arn: BLUE_ARN, name: 'orders-blue', state: 'ACTIVE', currentVersion: 'K1', kafkaVersion: '3.7.x', metadataMode: 'ZOOKEEPER' })
    .add({ arn: GREEN_ARN, name: 'orders-green', state: 'ACTIVE', currentVersion: 'K2', kafkaVersion: '4.0.x', metadataMode: 'KRAFT' });
  const load = async () => ({
    routing: store,
    flags: store,
    clusters,
    kafka: async (_plan: unknown, side: 'blue' | 'green') => (side === 'blue' ? blue : green),
    logger: { info: () => {}, warn: () => {}, error: () => {} },
    alarms: { states: new MemoryAlarmStates(), namePrefix: 'kraft-canary' },
    executions: { describeExecution: async () => holderStatus },
  });
  const code = await preflightCommand(load, {}, { now: () => T0 }).run(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** Every flag and routing version there is, to show that a dry run changed none. */
const snapshot = async (flags: CreateOnlyFlags) => ({
  lock: await flags.get('/kraft-canary/orders/lock'),
  marker: await flags.get('/kraft-canary/orders/rolled-back'),
  routing: await store.historySince('orders', 0),
});

beforeEach(() => {
  store = new MemoryRoutingStore();
  blue = new FakeKafkaCluster().addTopic('orders', 3).produce('orders', 0, 10).catchUp('billing', 'orders');
  green = new FakeKafkaCluster();
  holderStatus = 'RUNNING';
  dir = cliPlanDir({ 'sync.yml': SYNC_PLAN });
});

describe('kraft-canary preflight (dry run)', () => {
  it('ready: the checks, where it would start, and the writes left out; nothing written (golden)', async () => {
    // Act
    const result = await run('--plan', 'sync.yml');
    // Assess
    expect(result).toEqual({ code: 0, out: golden('preflight-ready.stdout.txt'), err: '' });
    expect(await snapshot(store)).toEqual({ lock: null, marker: null, routing: [] });
    expect(await green.listTopics()).toEqual([]);
  });

  it('refused while another rollout runs: the holder, exit 1 (golden)', async () => {
    // Prepare
    await store.create('/kraft-canary/orders/lock', HOLDER);
    // Act
    const result = await run('--plan', 'plan.yml');
    // Assess
    expect(result).toEqual({ code: 1, out: golden('preflight-locked.stdout.txt'), err: '' });
  });

  it('a stale lock would be taken over: said so, the lock left as it was', async () => {
    // Prepare
    await store.create('/kraft-canary/orders/lock', HOLDER);
    holderStatus = 'ABORTED';
    green.addTopic('orders', 3);
    // Act
    const result = await run('--plan', 'plan.yml', '--json');
    // Assess
    const body = JSON.parse(result.out);
    expect([result.code, body.ok, body.outcome.kind, body.outcome.lockTakenOver]).toEqual([0, true, 'ready', { holder: HOLDER, status: 'ABORTED' }]);
    expect(body.wouldWrite.slice(0, 3)).toEqual([
      expect.stringMatching(/^create \/kraft-canary\/orders\/lock-takeover\/[0-9a-f]{32}$/),
      'delete /kraft-canary/orders/lock',
      'create /kraft-canary/orders/lock',
    ]);
    expect(await store.get('/kraft-canary/orders/lock')).toBe(HOLDER);
  });

  it('after a rollback: refused without --acknowledge-rollback, ready with it and the marker removal listed', async () => {
    // Prepare
    green.addTopic('orders', 3);
    await store.create(
      '/kraft-canary/orders/rolled-back',
      JSON.stringify({ at: '2026-05-04T09:00:00.000Z', by: 'jo', reason: 'lag', scenario: 'early-canary' }),
    );
    store.writeText('orders', JSON.stringify(routingDoc({ phase: 'rolled-back', consumers: { blue: true, green: true } })));
    const before = await snapshot(store);
    // Act
    const refused = await run('--plan', 'plan.yml');
    const acknowledged = await run('--plan', 'plan.yml', '--acknowledge-rollback', '--json');
    // Assess
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('orders: REFUSED (rolled-back): rolled back at 2026-05-04T09:00:00.000Z by jo (lag)');
    const body = JSON.parse(acknowledged.out);
    expect([acknowledged.code, body.outcome.kind]).toEqual([0, 'ready']);
    expect(body.wouldWrite).toContain('delete /kraft-canary/orders/rolled-back');
    expect(await snapshot(store)).toEqual(before);
  });

  it('an interrupted rollout: where it would resume', async () => {
    // Prepare
    green.addTopic('orders', 3);
    store.writeText('orders', JSON.stringify(routingDoc({ phase: 'canary', producers: { greenPercent: 50 }, consumers: { blue: true, green: true } })));
    // Act
    const result = await run('--plan', 'plan.yml');
    // Assess
    expect(result.code).toBe(0);
    expect(result.out).toContain('orders: READY — would resume at stage 2 of 3 (50% green);');
    expect(result.out).toContain('The Preflight step would write:\n  - create /kraft-canary/orders/lock\n');
  });

  it.each([
    ['green still consumed', true, 'orders: READY — would drain green and drop it from the consumers; it does not wait for the change window'],
    ['green already dropped', false, 'orders: READY — nothing to drain: consumers no longer read green; it does not wait for the change window'],
  ])('--entry finish-rollback after a rollback (%s): ready without acknowledgement, marker kept', async (_name, greenConsumed, line) => {
    // Prepare
    await store.create(
      '/kraft-canary/orders/rolled-back',
      JSON.stringify({ at: '2026-05-04T09:00:00.000Z', by: 'alarm', reason: 'lag', scenario: 'early-canary' }),
    );
    store.writeText('orders', JSON.stringify(routingDoc({ phase: 'rolled-back', consumers: { blue: true, green: greenConsumed } })));
    // Act
    const result = await run('--plan', 'plan.yml', '--entry', 'finish-rollback');
    // Assess
    expect([result.code, result.err]).toEqual([0, '']);
    expect(result.out).toContain(line);
    expect(result.out).toContain('The Preflight step would write:\n  - create /kraft-canary/orders/lock\n');
    expect(result.out).not.toContain('delete /kraft-canary/orders/rolled-back');
  });

  it.each([
    ['finish-rollback', 'canary', 'not-rolled-back'],
    ['decommission', 'rolled-back', 'not-complete'],
  ])('--entry %s on a %s migration: refused (%s), exit 1', async (entry, phase, code) => {
    // Prepare
    const consumers = { blue: true, green: phase === 'canary' };
    store.writeText('orders', JSON.stringify(routingDoc({ phase: phase as 'canary', producers: { greenPercent: phase === 'canary' ? 20 : 0 }, consumers })));
    // Act
    const result = await run('--plan', 'plan.yml', '--entry', entry, '--json');
    // Assess
    expect(result.code).toBe(1);
    expect(JSON.parse(result.out)).toMatchObject({ ok: false, dryRun: true, outcome: { kind: 'refused', code } });
  });

  it('--entry decommission on a complete migration: would prove blue drained and decommission (dry-run)', async () => {
    // Prepare
    store.writeText('orders', JSON.stringify(routingDoc({ phase: 'complete', producers: { greenPercent: 100 }, consumers: { blue: false, green: true } })));
    // Act
    const result = await run('--plan', 'plan.yml', '--entry', 'decommission');
    // Assess
    expect(result.code).toBe(0);
    expect(result.out).toContain('orders: READY — would prove blue drained, then decommission it (dry-run); no change window');
    expect(result.out).not.toContain('topics ');
  });

  it('a plan the Preflight step refuses (decommission: delete without Slack): exit 2', async () => {
    // Prepare
    dir = cliPlanDir({ 'delete.yml': `${CLI_PLAN_YAML}decommission: delete\n` });
    // Act
    const result = await run('--plan', 'delete.yml');
    // Assess
    expect(result.code).toBe(2);
    expect(result.out).toContain('plan/decommission  FAIL    decommission: delete needs slack.channel and approvers');
  });

  it.each([
    { args: ['--plan', 'missing.yml'], code: 1, err: 'kraft-canary preflight: cannot read missing.yml: no such file\n' },
    { args: [], code: 2, err: 'kraft-canary preflight: --plan <file> is required, and nothing else\n' },
    { args: ['--plan', 'plan.yml', '--sync'], code: 2, err: "kraft-canary preflight: Unknown option '--sync'\n" },
    {
      args: ['--plan', 'plan.yml', '--entry', 'teardown'],
      code: 2,
      err: 'kraft-canary preflight: --entry must be one of rollout, finish-rollback, decommission, not "teardown"\n',
    },
  ])('$args: one line, exit $code', async ({ args, code, err }) => {
    expect(await run(...args)).toEqual({ code, out: '', err });
  });

  it('SSM refusing: one line without the raw message, exit 1', async () => {
    // Prepare
    store.read = async () => {
      throw Object.assign(new Error('GetParameter failed (AccessDeniedException)'), { name: 'AwsCallError' });
    };
    green.addTopic('orders', 3);
    // Act
    const result = await run('--plan', 'plan.yml');
    // Assess
    expect(result).toEqual({ code: 1, out: '', err: 'kraft-canary preflight: AwsCallError: GetParameter failed (AccessDeniedException)\n' });
  });
});
