import { parseRoutingDocument, type RoutingDocument } from '@kraft-canary/client/contract';
import { describe, expect, it } from 'vitest';
import { preflight } from '../../../../src/controller/preflight/preflight.ts';
import type { PreflightPorts } from '../../../../src/controller/preflight/preflight-ports.ts';
import { markerName } from '../../../../src/controller/rollback/rollback-marker.ts';
import type { PlanInput } from '../../../../src/domain/plan.ts';
import { MemoryRoutingStore } from '../../../../src/local/memory-routing-store.ts';
import { row } from '../../../../src/readiness/check-row.ts';
import { FakeKafkaCluster } from '../../../support/fakes/fake-kafka-cluster.ts';
import { manualClock } from '../../../support/fakes/fake-time.ts';
import { MemoryClusterRegistry } from '../../../support/fakes/memory-cluster-registry.ts';
import { recordingLogger } from '../../../support/fakes/recording-logger.ts';
import { BLUE_ARN, EXECUTION_ARN, GREEN_ARN, OTHER_EXECUTION_ARN, planInput, routingDoc, T0 } from '../../../support/rollout-fixtures.ts';

const LOCK = '/kc/orders/lock';
const MARKER = markerName('/kc', 'orders');

function setup(options: { doc?: RoutingDocument; greenState?: string } = {}) {
  const store = new MemoryRoutingStore();
  if (options.doc) void store.write('orders', options.doc);
  const blue = new FakeKafkaCluster()
    .addTopic('orders', 3, { configs: { 'retention.ms': '604800000' } })
    .addTopic('__consumer_offsets', 50)
    .catchUp('billing', 'orders');
  const green = new FakeKafkaCluster().addTopic('orders', 3, { configs: { 'retention.ms': '604800000' } });
  const clusters = new MemoryClusterRegistry()
    .add({ arn: BLUE_ARN, name: 'orders-blue', state: 'ACTIVE', currentVersion: 'K3AEGXETSR30VB' })
    .add({ arn: GREEN_ARN, name: 'orders-green', state: options.greenState ?? 'ACTIVE', currentVersion: 'K1' });
  const ports: PreflightPorts = {
    routing: store,
    flags: store,
    clock: manualClock(T0),
    prefix: '/kc',
    clusters,
    kafka: async (_plan, side) => (side === 'blue' ? blue : green),
    logger: recordingLogger(),
  };
  return { store, blue, green, clusters, ports, run: preflight(ports) };
}

const request = (plan: Partial<PlanInput> = {}, extra: Record<string, unknown> = {}) => ({
  request: { plan: planInput(plan), requestedBy: 'alice', ...extra },
  executionArn: EXECUTION_ARN,
});

const latest = async (store: MemoryRoutingStore) => {
  const parsed = parseRoutingDocument((await store.read('orders'))?.text ?? '');
  return parsed.ok ? parsed.value : null;
};

describe('preflight', () => {
  it('refuses a stage whose bake holds fewer than 5 metric periods, and judges the periods the gates read in (scaled in the rehearsal)', async () => {
    // Prepare
    const { run, ports } = setup();
    const shortBake = {
      stages: [
        { greenPercent: 20, bake: '2m' },
        { greenPercent: 100, bake: '10m' },
      ],
    };
    // Act
    const refusedOut = await run(request(shortBake));
    const scaled = await preflight({ ...ports, metricTiming: { periodMs: 600, publicationDelayPeriods: 2 } })(request(shortBake));
    // Assess
    expect(refusedOut).toMatchObject({ kind: 'refused', code: 'invalid-plan' });
    expect(refusedOut.checks).toContainEqual(expect.objectContaining({ check: 'plan/stages.0.bake', status: 'fail' }));
    expect(scaled.kind).toBe('ready');
  });

  it("records the lag baseline of the plan's groups only, the most lagging 100, and leaves the plan out of its output", async () => {
    // Prepare: blue is shared: 50 other teams' groups besides the plan's 120.
    const { run, blue } = setup();
    const mine = Array.from({ length: 120 }, (_, i) => `orders-${i}`);
    for (const group of mine) blue.catchUp(group, 'orders');
    for (let i = 0; i < 50; i += 1) blue.catchUp(`other-${i}`, 'orders');
    // Act
    const out = await run(request({ consumerGroups: mine }));
    // Assess
    expect(out.kind).toBe('ready');
    if (out.kind !== 'ready') return;
    expect(out.baseline?.groups).toHaveLength(100);
    expect(out.baseline?.groups.every((g) => mine.includes(g.group))).toBe(true);
    expect(out.baseline).toMatchObject({ groupsChecked: 171, groupsOmitted: 20 });
    expect(out).not.toHaveProperty('plan');
    expect(out.changeWindow).toBe(false);
  });

  it('creates the first routing document create-only: it never overwrites one that appeared meanwhile', async () => {
    // Prepare: the parameter does not exist when preflight reads it, but exists when it writes.
    const { ports, store } = setup();
    const racing = routingDoc({ revision: 7, phase: 'canary', producers: { greenPercent: 20 }, consumers: { blue: true, green: true } });
    const routing = Object.assign(Object.create(store) as MemoryRoutingStore, {
      read: async () => null,
      createFirst: async (migration: string, doc: RoutingDocument) => {
        await store.write(migration, racing);
        return store.createFirst(migration, doc);
      },
      write: async () => {
        throw new Error('the first document must not be written with Overwrite: true');
      },
    });
    // Act
    const out = await preflight({ ...ports, routing })(request());
    // Assess
    expect(out).toMatchObject({ kind: 'refused', code: 'routing-changed' });
    expect(await latest(store)).toMatchObject({ revision: 7, phase: 'canary' });
  });

  it('takes the lock, writes the start and hands the state machine its plan of stages', async () => {
    // Prepare
    const { run, store } = setup();
    // Act
    const out = await run(request());
    // Assess
    expect(out).toMatchObject({
      kind: 'ready',
      migration: 'orders',
      executionArn: EXECUTION_ARN,
      requestedBy: 'alice',
      stageCount: 4,
      startAtStage: 0,
      resume: false,
      windowOpensAt: new Date(T0).toISOString(),
      blue: { arn: BLUE_ARN, currentVersion: 'K3AEGXETSR30VB', state: 'ACTIVE' },
      green: { arn: GREEN_ARN, state: 'ACTIVE' },
      approvalRoute: { channel: 'C0123ABCD', approvers: { users: ['U0123ABCD'] }, timeoutSeconds: 86_400, onTimeout: 'hold' },
      drain: { pollEverySeconds: 60, timeoutSeconds: 7200, stableForSeconds: 600 },
      decommission: 'dry-run',
      // Default quiet period 15 min, 2 min publication delay, 2 min for the clients to leave.
      decommissionWaitSeconds: 19 * 60,
      baseline: { at: T0, groupsListed: true, groups: [{ group: 'billing', lag: 0 }], groupsChecked: 1, groupsOmitted: 0 },
    });
    expect(out.kind === 'ready' && out.stages).toEqual([
      { stageIndex: 0, fromPercent: 0, greenPercent: 20, bakeSeconds: 900, approval: 'auto' },
      { stageIndex: 1, fromPercent: 20, greenPercent: 50, bakeSeconds: 900, approval: 'slack' },
      { stageIndex: 2, fromPercent: 50, greenPercent: 80, bakeSeconds: 1200, approval: 'auto' },
      { stageIndex: 3, fromPercent: 80, greenPercent: 100, bakeSeconds: 600, approval: 'auto' },
    ]);
    expect(await store.get(LOCK)).toBe(EXECUTION_ARN);
    expect(await latest(store)).toMatchObject({ phase: 'idle', revision: 1, updatedBy: 'alice', executionArn: EXECUTION_ARN });
  });

  it('refuses an invalid plan with every issue, before taking the lock', async () => {
    // Prepare
    const { run, store } = setup();
    // Act
    const out = await run(request({ stages: [{ greenPercent: 100 }] }));
    // Assess
    expect(out).toMatchObject({ kind: 'refused', code: 'invalid-plan', migration: 'orders' });
    expect(out.kind === 'refused' && out.checks.map((c) => c.check)).toContain('plan/stages');
    expect(await store.get(LOCK)).toBeNull();
  });

  it('refuses a plan that deletes blue without a person to approve it', async () => {
    const { run } = setup();
    const out = await run(request({ decommission: 'delete', slack: undefined, stages: [{ greenPercent: 50 }, { greenPercent: 100 }] }));
    expect(out).toMatchObject({ kind: 'refused', code: 'invalid-plan', checks: [{ check: 'plan/decommission', status: 'fail' }] });
  });

  it('refuses while another rollout holds the lock, and a retry of the same execution passes', async () => {
    // Prepare
    const { run, store } = setup();
    await store.create(LOCK, OTHER_EXECUTION_ARN);
    // Act
    const other = await run(request());
    await store.remove(LOCK);
    const first = await run(request());
    const retry = await run(request());
    // Assess
    expect(other).toMatchObject({ kind: 'refused', code: 'locked' });
    expect(other.kind === 'refused' && other.message).toContain(OTHER_EXECUTION_ARN);
    expect([first.kind, retry.kind]).toEqual(['ready', 'ready']);
  });

  it('refuses after a rollback until acknowledged; then clears the marker and starts, green still consumed', async () => {
    // Prepare
    const { run, store } = setup({ doc: routingDoc({ revision: 6, phase: 'rolled-back', consumers: { blue: true, green: true } }) });
    await store.create(MARKER, JSON.stringify({ at: 'x', by: 'alarm', reason: 'lag', scenario: null }));
    // Act
    const refused = await run(request());
    await store.remove(LOCK);
    const started = await run(request({}, { acknowledgeRollback: true }));
    // Assess
    expect(refused).toMatchObject({ kind: 'refused', code: 'rolled-back' });
    expect(started).toMatchObject({ kind: 'ready', startAtStage: 0 });
    expect(await store.get(MARKER)).toBeNull();
    expect(await latest(store)).toMatchObject({ phase: 'idle', revision: 7, consumers: { blue: true, green: true } });
  });

  it.each([
    ['canary at 50 %', routingDoc({ phase: 'canary', producers: { greenPercent: 50 }, consumers: { blue: true, green: true } }), 1],
    ['draining', routingDoc({ phase: 'draining', producers: { greenPercent: 100 }, consumers: { blue: true, green: true } }), 4],
  ])('resumes an interrupted rollout (%s) without writing', async (_label, doc, startAt) => {
    // Prepare
    const { run, store } = setup({ doc });
    // Act
    const out = await run(request());
    // Assess
    expect(out).toMatchObject({ kind: 'ready', startAtStage: startAt, resume: true });
    expect(store.history('orders')).toHaveLength(1);
  });

  it.each([
    ['complete', routingDoc({ phase: 'complete', producers: { greenPercent: 100 }, consumers: { blue: false, green: true } }), 'complete'],
    ['canary off-plan', routingDoc({ phase: 'canary', producers: { greenPercent: 30 }, consumers: { blue: true, green: true } }), 'unknown-stage'],
  ])('refuses a rollout whose routing is %s', async (_label, doc, code) => {
    const { run } = setup({ doc });
    expect(await run(request())).toMatchObject({ kind: 'refused', code });
  });

  it('refuses when a marker sits beside a forward route', async () => {
    const { run, store } = setup({ doc: routingDoc({ phase: 'canary', producers: { greenPercent: 20 }, consumers: { blue: true, green: true } }) });
    await store.create(MARKER, '{}');
    expect(await run(request({}, { acknowledgeRollback: true }))).toMatchObject({ kind: 'refused', code: 'rolled-back' });
  });

  it('refuses when green is not ACTIVE', async () => {
    const { run } = setup({ greenState: 'CREATING' });
    const out = await run(request());
    expect(out).toMatchObject({ kind: 'refused', code: 'not-ready' });
    expect(out.kind === 'refused' && out.checks).toContainEqual(expect.objectContaining({ check: 'clusters/green', status: 'fail' }));
  });

  it('refuses a topic missing on green, and creates it when the plan says topics.sync', async () => {
    // Prepare
    const { run, blue, green, store } = setup();
    blue.addTopic('payments', 6, { replicas: 3, configs: { 'cleanup.policy': 'compact' } });
    // Act
    const refused = await run(request());
    await store.remove(LOCK);
    const synced = await run(request({ topics: { sync: true, exclude: [] } }));
    // Assess
    expect(refused).toMatchObject({ kind: 'refused', code: 'not-ready' });
    expect(refused.kind === 'refused' && refused.checks).toContainEqual(expect.objectContaining({ check: 'topics/payments', status: 'fail' }));
    expect(synced.kind).toBe('ready');
    expect(await green.describeTopics(['payments'])).toEqual([{ name: 'payments', partitions: expect.any(Array), configs: { 'cleanup.policy': 'compact' } }]);
    expect((await green.describeTopics(['payments']))[0]?.partitions).toHaveLength(6);
  });

  it('refuses a partition count that differs, and ignores excluded topics', async () => {
    // Prepare
    const { run, blue, green, store } = setup();
    blue.addTopic('audit', 4);
    green.addTopic('audit', 2);
    // Act
    const refused = await run(request());
    await store.remove(LOCK);
    const excluded = await run(request({ topics: { sync: false, exclude: ['aud*'] } }));
    // Assess
    expect(refused.kind === 'refused' && refused.checks).toContainEqual(expect.objectContaining({ check: 'topics/audit', status: 'fail' }));
    expect(excluded.kind).toBe('ready');
  });

  it('refuses when a blue group is already lagging beyond the gates', async () => {
    const { run, blue } = setup();
    blue.produce('orders', 2, 5000);
    const out = await run(request());
    expect(out.kind === 'refused' && out.checks).toContainEqual({
      check: 'lag/billing',
      status: 'fail',
      details: '5000 messages behind on blue before the rollout; the gates allow 1000',
    });
  });

  it('refuses when Kafka cannot be reached, without raw error text', async () => {
    // Prepare
    const { ports } = setup();
    const run = preflight({
      ...ports,
      kafka: async () => {
        throw Object.assign(new Error('SASL password=hunter2 rejected'), { name: 'KafkaJSSASLAuthenticationError' });
      },
    });
    // Act
    const out = await run(request());
    // Assess
    expect(out).toMatchObject({
      kind: 'refused',
      code: 'not-ready',
      checks: [{ check: 'kafka', status: 'fail', details: 'checking topics and consumer groups failed: KafkaJSSASLAuthenticationError' }],
    });
    expect(JSON.stringify(out)).not.toContain('hunter2');
  });

  it('runs further readiness checks and refuses on a failing row', async () => {
    const { ports } = setup();
    const run = preflight({ ...ports, extraChecks: [async () => ({ rows: [row('schemas/orders-value', 'fail', 'missing on green')], actions: [] })] });
    expect(await run(request())).toMatchObject({ kind: 'refused', checks: [{ check: 'schemas/orders-value' }] });
  });

  it('opens at the next change window', async () => {
    const { run } = setup();
    const out = await run(request({ window: { days: ['wed'], start: '08:00', end: '10:00', timeZone: 'UTC' } }));
    expect(out).toMatchObject({ kind: 'ready', windowOpensAt: '2026-05-06T08:00:00.000Z' });
  });

  it('throws on input without an execution ARN', async () => {
    const { run } = setup();
    await expect(run({ request: { plan: planInput() } })).rejects.toMatchObject({ name: 'InvalidStepInputError' });
  });
});
