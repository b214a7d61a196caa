import type { RoutingDocument } from '@kraft-canary/client/contract';
import { describe, expect, it } from 'vitest';
import { preflight } from '../../../../src/controller/preflight/preflight.ts';
import type { PreflightPorts } from '../../../../src/controller/preflight/preflight-ports.ts';
import { markerName } from '../../../../src/controller/rollback/rollback-marker.ts';
import { MemoryAlarmStates } from '../../../../src/local/memory-alarm-states.ts';
import { MemoryRoutingStore } from '../../../../src/local/memory-routing-store.ts';
import { FakeKafkaCluster } from '../../../support/fakes/fake-kafka-cluster.ts';
import { manualClock } from '../../../support/fakes/fake-time.ts';
import { MemoryClusterRegistry } from '../../../support/fakes/memory-cluster-registry.ts';
import { recordingLogger } from '../../../support/fakes/recording-logger.ts';
import { BLUE_ARN, EXECUTION_ARN, GREEN_ARN, OTHER_EXECUTION_ARN, planInput, routingDoc, T0 } from '../../../support/rollout-fixtures.ts';

const LOCK = '/kc/orders/lock';
const MARKER = markerName('/kc', 'orders');
const COMPOSITE = 'kraft-canary.orders.rollback';
const MARKER_VALUE = JSON.stringify({ at: '2026-05-04T09:00:00.000Z', by: 'alarm', reason: 'green lag', scenario: 'after-cutover' });

const rolledBack = (green: boolean) => routingDoc({ revision: 7, phase: 'rolled-back', consumers: { blue: true, green }, reason: 'stage 2 gates fail' });
const complete = routingDoc({ revision: 9, phase: 'complete', producers: { greenPercent: 100 }, consumers: { blue: false, green: true } });
const canary = routingDoc({ revision: 4, phase: 'canary', producers: { greenPercent: 20 }, consumers: { blue: true, green: true } });
const draining = routingDoc({ revision: 5, phase: 'draining', producers: { greenPercent: 100 }, consumers: { blue: true, green: true } });
const idleAfterStart = routingDoc({ revision: 8, phase: 'idle', consumers: { blue: true, green: true }, reason: 'rollout started again after the rollback' });

async function setup(options: { doc?: RoutingDocument; marker?: boolean; alarm?: 'ALARM' | 'OK'; greenState?: string } = {}) {
  const store = new MemoryRoutingStore();
  if (options.doc) await store.write('orders', options.doc);
  if (options.marker) await store.create(MARKER, MARKER_VALUE);
  const kafkaCalls: string[] = [];
  const admin = new FakeKafkaCluster().addTopic('orders', 3);
  const described: string[] = [];
  const registry = new MemoryClusterRegistry()
    .add({ arn: BLUE_ARN, name: 'orders-blue', state: 'ACTIVE', currentVersion: 'K3AEGXETSR30VB' })
    .add({ arn: GREEN_ARN, name: 'orders-green', state: options.greenState ?? 'ACTIVE', currentVersion: 'K1' });
  const states = new MemoryAlarmStates();
  states.set(COMPOSITE, { state: options.alarm ?? 'OK', reason: 'lag.green.billing', since: T0 - 60_000 });
  const ports: PreflightPorts = {
    routing: store,
    flags: store,
    clock: manualClock(T0),
    prefix: '/kc',
    clusters: {
      describe: async (arn) => {
        described.push(arn);
        return registry.describe(arn);
      },
    },
    kafka: async (_plan, side) => {
      kafkaCalls.push(side);
      return admin;
    },
    logger: recordingLogger(),
    alarms: { states, namePrefix: 'kraft-canary' },
  };
  const run = (entry: unknown, extra: Record<string, unknown> = {}) =>
    preflight(ports)({ request: { plan: planInput(), requestedBy: 'alarm', entry, ...extra }, executionArn: EXECUTION_ARN });
  return { store, run, described, kafkaCalls };
}

const historyOf = async (store: MemoryRoutingStore) => store.history('orders').map((v) => JSON.parse(v.text).revision);

describe('preflight entry finish-rollback', () => {
  it.each([
    ['rolled-back, green still consumed', rolledBack(true), true, 'stage 2 gates fail'],
    ['rolled-back, green already dropped', rolledBack(false), false, 'stage 2 gates fail'],
    ['idle after a start that kept green', idleAfterStart, true, 'rollout started again after the rollback'],
  ])('%s: ready without acknowledgeRollback, nothing written but the lock', async (_name, doc, greenConsumed, reason) => {
    // Prepare
    const { run, store } = await setup({ doc, marker: doc.phase === 'rolled-back' });
    // Act
    const out = await run('finish-rollback');
    // Assess
    expect(out).toMatchObject({
      kind: 'ready',
      entry: 'finish-rollback',
      migration: 'orders',
      requestedBy: 'alarm',
      startAtStage: 4,
      resume: false,
      blue: null,
      green: null,
      finishRollback: { greenConsumed, reason, revision: doc.revision },
    });
    expect(await store.get(LOCK)).toBe(EXECUTION_ARN);
    expect(await historyOf(store)).toEqual([doc.revision]);
    expect(await store.get(MARKER)).toBe(doc.phase === 'rolled-back' ? MARKER_VALUE : null);
  });

  it('is not refused by the composite alarm in ALARM, and reads no cluster', async () => {
    // Prepare
    const { run, described, kafkaCalls } = await setup({ doc: rolledBack(true), marker: true, alarm: 'ALARM', greenState: 'HEALING' });
    // Act
    const out = await run('finish-rollback');
    // Assess
    expect(out).toMatchObject({ kind: 'ready', entry: 'finish-rollback', checks: [] });
    expect(described).toEqual([]);
    expect(kafkaCalls).toEqual([]);
  });

  it.each([
    ['no routing document', undefined, 'missing (no rollout yet)'],
    ['canary', canary, 'canary'],
    ['draining', draining, 'draining'],
    ['complete', complete, 'complete'],
  ])('refuses not-rolled-back on %s and leaves the document alone', async (_name, doc, phase) => {
    // Prepare
    const { run, store } = await setup(doc ? { doc } : {});
    // Act
    const out = await run('finish-rollback');
    // Assess
    expect(out).toMatchObject({
      kind: 'refused',
      code: 'not-rolled-back',
      message: `the finish-rollback entry needs a rolled-back migration; the routing phase is ${phase}`,
    });
    expect(out.kind === 'refused' && out.notification).toMatchObject({ kind: 'hold', text: expect.stringContaining('preflight refused (not-rolled-back)') });
    expect(await historyOf(store)).toEqual(doc ? [doc.revision] : []);
  });

  it('refuses locked while another execution runs, as every entry does', async () => {
    // Prepare
    const { run, store } = await setup({ doc: rolledBack(true) });
    await store.create(LOCK, OTHER_EXECUTION_ARN);
    // Act
    const out = await run('finish-rollback');
    // Assess
    expect(out).toMatchObject({ kind: 'refused', code: 'locked' });
    expect(await store.get(LOCK)).toBe(OTHER_EXECUTION_ARN);
  });
});

describe('preflight entry decommission', () => {
  it('ready on a complete migration: past the last stage, blue as MSK describes it, no Kafka checks, nothing written but the lock', async () => {
    // Prepare
    const { run, store, kafkaCalls } = await setup({ doc: complete });
    // Act
    const out = await run('decommission');
    // Assess
    expect(out).toMatchObject({
      kind: 'ready',
      entry: 'decommission',
      startAtStage: 4,
      stageCount: 4,
      resume: false,
      finishRollback: null,
      blue: { arn: BLUE_ARN, currentVersion: 'K3AEGXETSR30VB' },
      green: { arn: GREEN_ARN },
    });
    expect(kafkaCalls).toEqual([]);
    expect(await store.get(LOCK)).toBe(EXECUTION_ARN);
    expect(await historyOf(store)).toEqual([9]);
  });

  it.each([
    ['no routing document', undefined, 'missing (no rollout yet)'],
    ['rolled-back', rolledBack(false), 'rolled-back'],
    ['draining', draining, 'draining'],
    ['canary', canary, 'canary'],
  ])('refuses not-complete on %s', async (_name, doc, phase) => {
    // Prepare
    const { run } = await setup(doc ? { doc } : {});
    // Act
    const out = await run('decommission');
    // Assess
    expect(out).toMatchObject({
      kind: 'refused',
      code: 'not-complete',
      message: `the decommission entry needs a complete migration; the routing phase is ${phase}`,
    });
  });

  it.each([
    ['the composite alarm is in ALARM', { alarm: 'ALARM' as const }, 'in-alarm'],
    ['a rollback marker stands', { marker: true }, 'rolled-back'],
    ['green is not ACTIVE', { greenState: 'HEALING' }, 'not-ready'],
  ])('refuses while %s', async (_name, options, code) => {
    // Prepare
    const { run } = await setup({ doc: complete, ...options });
    // Act
    const out = await run('decommission');
    // Assess
    expect(out).toMatchObject({ kind: 'refused', code });
  });
});

describe('preflight entry field', () => {
  it('defaults to rollout, which echoes it in the output', async () => {
    // Prepare
    const { run } = await setup();
    // Act
    const out = await run(undefined);
    // Assess
    expect(out).toMatchObject({ kind: 'ready', entry: 'rollout', startAtStage: 0, finishRollback: null });
  });

  it('rollout keeps refusing a rolled-back migration without acknowledgeRollback', async () => {
    // Prepare
    const { run } = await setup({ doc: rolledBack(true), marker: true });
    // Act
    const out = await run('rollout');
    // Assess
    expect(out).toMatchObject({ kind: 'refused', code: 'rolled-back' });
  });

  it('an unknown entry is an invalid step input, before the lock', async () => {
    // Prepare
    const { run, store } = await setup({ doc: complete });
    // Act
    const attempt = run('teardown');
    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'InvalidStepInputError' });
    expect(await store.get(LOCK)).toBeNull();
  });
});
