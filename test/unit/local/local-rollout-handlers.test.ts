import { describe, expect, it } from 'vitest';
import { localRolloutHandlers } from '../../../src/local/local-rollout-handlers.ts';
import { MemoryAlarmStates } from '../../../src/local/memory-alarm-states.ts';
import { MemoryAuditArchive } from '../../../src/local/memory-audit-archive.ts';
import { MemoryRoutingStore } from '../../../src/local/memory-routing-store.ts';
import { runRollout } from '../../../src/local/run-rollout.ts';
import type { Notification } from '../../../src/ports/index.ts';
import { FakeKafkaCluster } from '../../support/fakes/fake-kafka-cluster.ts';
import { idleExecutions } from '../../support/fakes/idle-executions.ts';
import { MemoryClusterRegistry } from '../../support/fakes/memory-cluster-registry.ts';
import { MemoryMetrics } from '../../support/fakes/memory-metrics.ts';
import { recordingLogger } from '../../support/fakes/recording-logger.ts';
import { BLUE_ARN, GREEN_ARN, planInput, T0 } from '../../support/rollout-fixtures.ts';

function localPorts(store: MemoryRoutingStore, notifications: Notification[]) {
  const kafka = new FakeKafkaCluster().addTopic('orders', 2);
  return {
    store,
    clusters: new MemoryClusterRegistry()
      .add({ arn: BLUE_ARN, name: 'orders-blue', state: 'ACTIVE', currentVersion: 'V1' })
      .add({ arn: GREEN_ARN, name: 'orders-green', state: 'ACTIVE', currentVersion: 'V2' }),
    kafka: async () => kafka,
    metrics: new MemoryMetrics(),
    archive: new MemoryAuditArchive(),
    notifier: { notify: async (n: Notification) => void notifications.push(n) },
    executions: idleExecutions(),
    clock: { now: () => T0 },
    logger: recordingLogger(),
    approve: async () => ({ decision: 'approved', approver: 'U0123ABCD' }),
    prefix: '/kc',
  };
}

describe('localRolloutHandlers', () => {
  it('preflight refuses while the local composite alarm is told to be in ALARM', async () => {
    // Prepare
    const store = new MemoryRoutingStore();
    const alarms = new MemoryAlarmStates().set('kraft-canary-rehearsal.orders.rollback', { state: 'ALARM', reason: 'lag', since: T0 });
    const handlers = localRolloutHandlers({ ...localPorts(store, []), alarms, alarmPrefix: 'kraft-canary-rehearsal' });
    // Act
    const result = await runRollout({ input: { plan: planInput(), requestedBy: 'alice' }, handlers });
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutRefused' });
    expect(result.cause).toContain('kraft-canary-rehearsal.orders.rollback is in ALARM');
    expect(store.history('orders')).toEqual([]);
    expect(await store.get('/kc/orders/lock')).toBeNull();
  });

  it('runs the rollout definition over local ports up to the first gate (no metrics yet: hold)', async () => {
    // Prepare
    const store = new MemoryRoutingStore();
    const kafka = new FakeKafkaCluster().addTopic('orders', 2);
    const notifications: Notification[] = [];
    const handlers = localRolloutHandlers({
      store,
      clusters: new MemoryClusterRegistry()
        .add({ arn: BLUE_ARN, name: 'orders-blue', state: 'ACTIVE', currentVersion: 'V1' })
        .add({ arn: GREEN_ARN, name: 'orders-green', state: 'ACTIVE', currentVersion: 'V2' }),
      kafka: async () => kafka,
      metrics: new MemoryMetrics(),
      archive: new MemoryAuditArchive(),
      notifier: { notify: async (n) => void notifications.push(n) },
      executions: idleExecutions(),
      clock: { now: () => T0 },
      logger: recordingLogger(),
      approve: async () => ({ decision: 'approved', approver: 'U0123ABCD' }),
      prefix: '/kc',
    });
    // Act
    const result = await runRollout({ input: { plan: planInput(), requestedBy: 'alice' }, handlers });
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutHeld' });
    expect(store.history('orders').map((v) => JSON.parse(v.text).producers.greenPercent)).toEqual([0, 20]);
    expect(notifications.map((n) => n.kind)).toEqual(['routing-changed', 'hold']);
    expect(await store.get('/kc/orders/lock')).toBeNull();
  });
});
