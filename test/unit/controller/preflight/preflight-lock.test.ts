import { describe, expect, it } from 'vitest';
import { lockName, takeoverName } from '../../../../src/controller/lock/rollout-lock.ts';
import { preflight } from '../../../../src/controller/preflight/preflight.ts';
import type { PreflightPorts } from '../../../../src/controller/preflight/preflight-ports.ts';
import { markerName } from '../../../../src/controller/rollback/rollback-marker.ts';
import { MemoryRoutingStore } from '../../../../src/local/memory-routing-store.ts';
import type { ExecutionStatus } from '../../../../src/ports/index.ts';
import { FakeKafkaCluster } from '../../../support/fakes/fake-kafka-cluster.ts';
import { manualClock } from '../../../support/fakes/fake-time.ts';
import { MemoryClusterRegistry } from '../../../support/fakes/memory-cluster-registry.ts';
import { recordingLogger } from '../../../support/fakes/recording-logger.ts';
import { BLUE_ARN, EXECUTION_ARN, GREEN_ARN, OTHER_EXECUTION_ARN, planInput, T0 } from '../../../support/rollout-fixtures.ts';

const LOCK = lockName('/kc', 'orders');

async function setup(holderStatus: ExecutionStatus) {
  const store = new MemoryRoutingStore();
  await store.create(LOCK, OTHER_EXECUTION_ARN);
  const kafka = new FakeKafkaCluster().addTopic('orders', 1);
  const logger = recordingLogger();
  const ports: PreflightPorts = {
    routing: store,
    flags: store,
    clock: manualClock(T0),
    prefix: '/kc',
    clusters: new MemoryClusterRegistry()
      .add({ arn: BLUE_ARN, name: 'orders-blue', state: 'ACTIVE', currentVersion: 'V' })
      .add({ arn: GREEN_ARN, name: 'orders-green', state: 'ACTIVE', currentVersion: 'W' }),
    kafka: async () => kafka,
    logger,
    executions: { describeExecution: async () => holderStatus },
  };
  return { store, logger, run: preflight(ports) };
}

const request = { request: { plan: planInput(), requestedBy: 'alice' }, executionArn: EXECUTION_ARN };
const TAKEN = `took over the lock of ${OTHER_EXECUTION_ARN}: that execution is ABORTED and never released it`;

describe('preflight and a lock left by an execution stopped from outside', () => {
  it('takes the lock over, logs it, and shows it in its output', async () => {
    // Prepare
    const { run, store, logger } = await setup('ABORTED');
    // Act
    const out = await run(request);
    // Assess
    expect(out).toMatchObject({ kind: 'ready', lockTakenOver: { holder: OTHER_EXECUTION_ARN, status: 'ABORTED' } });
    expect(out.checks[0]).toEqual({ check: 'lock', status: 'warn', details: TAKEN });
    expect(await store.get(LOCK)).toBe(EXECUTION_ARN);
    expect(await store.get(takeoverName('/kc', 'orders', OTHER_EXECUTION_ARN))).not.toBeNull();
    expect(logger.lines).toContainEqual({
      level: 'warn',
      message: 'stale rollout lock taken over',
      fields: { migration: 'orders', holder: OTHER_EXECUTION_ARN, status: 'ABORTED' },
    });
  });

  it('keeps the takeover in the output of a refusal that follows it', async () => {
    // Prepare
    const { run, store } = await setup('ABORTED');
    await store.create(markerName('/kc', 'orders'), JSON.stringify({ at: '2026-05-01T00:00:00Z', by: 'alarm', reason: 'lag', scenario: 'early-canary' }));
    // Act
    const out = await run(request);
    // Assess
    expect(out).toMatchObject({ kind: 'refused', code: 'rolled-back', checks: [{ check: 'lock', status: 'warn', details: TAKEN }] });
  });

  it('keeps the takeover in the output when a rollback races the start', async () => {
    // Prepare: the rollback's marker appears right after the first document is created
    const { run, store } = await setup('ABORTED');
    const createFirst = store.createFirst.bind(store);
    store.createFirst = async (migration, doc) => {
      const version = await createFirst(migration, doc);
      await store.create(markerName('/kc', 'orders'), JSON.stringify({ at: T0, by: 'alarm', reason: 'lag', scenario: 'early-canary' }));
      return version;
    };
    // Act
    const out = await run(request);
    // Assess
    expect(out).toMatchObject({
      kind: 'refused',
      code: 'rolled-back',
      message: 'a rollback by alarm raced the start',
      checks: [{ check: 'lock', status: 'warn', details: TAKEN }],
    });
  });

  it.each([
    ['RUNNING', `another rollout of orders is running: ${OTHER_EXECUTION_ARN}`],
    ['PENDING_REDRIVE', `another rollout of orders is about to be redriven: ${OTHER_EXECUTION_ARN}`],
  ] as const)('refuses a lock whose holder is %s', async (status, message) => {
    // Prepare
    const { run, store } = await setup(status);
    // Act
    const out = await run(request);
    // Assess
    expect(out).toMatchObject({ kind: 'refused', code: 'locked', message });
    expect(await store.get(LOCK)).toBe(OTHER_EXECUTION_ARN);
    expect(store.history('orders')).toEqual([]);
  });
});
