import { describe, expect, it } from 'vitest';
import { preflight } from '../../../../src/controller/preflight/preflight.ts';
import type { PreflightPorts } from '../../../../src/controller/preflight/preflight-ports.ts';
import { MemoryAlarmStates } from '../../../../src/local/memory-alarm-states.ts';
import { MemoryRoutingStore } from '../../../../src/local/memory-routing-store.ts';
import type { AlarmStatus } from '../../../../src/ports/index.ts';
import { FakeKafkaCluster } from '../../../support/fakes/fake-kafka-cluster.ts';
import { manualClock } from '../../../support/fakes/fake-time.ts';
import { MemoryClusterRegistry } from '../../../support/fakes/memory-cluster-registry.ts';
import { recordingLogger } from '../../../support/fakes/recording-logger.ts';
import { BLUE_ARN, EXECUTION_ARN, GREEN_ARN, planInput, T0 } from '../../../support/rollout-fixtures.ts';

const COMPOSITE = 'kraft-canary-prod.orders.rollback';

function setup(composite: AlarmStatus | 'missing' | null) {
  const store = new MemoryRoutingStore();
  const kafka = new FakeKafkaCluster().addTopic('orders', 1);
  const described: string[] = [];
  const clusters = new MemoryClusterRegistry()
    .add({ arn: BLUE_ARN, name: 'orders-blue', state: 'ACTIVE', currentVersion: 'V' })
    .add({ arn: GREEN_ARN, name: 'orders-green', state: 'ACTIVE', currentVersion: 'W' });
  const states = new MemoryAlarmStates();
  if (composite !== null && composite !== 'missing') states.set(COMPOSITE, composite);
  const alarms = composite === 'missing' ? { status: async () => null } : states;
  const ports: PreflightPorts = {
    routing: store,
    flags: store,
    clock: manualClock(T0),
    prefix: '/kc',
    clusters: {
      describe: async (arn) => {
        described.push(arn);
        return clusters.describe(arn);
      },
    },
    kafka: async () => kafka,
    logger: recordingLogger(),
    alarms: { states: alarms, namePrefix: 'kraft-canary-prod' },
  };
  return { store, described, run: preflight(ports) };
}

const request = { request: { plan: planInput(), requestedBy: 'alice' }, executionArn: EXECUTION_ARN };

describe('preflight and the composite alarm', () => {
  it('refuses while the composite alarm is in ALARM, before any cluster check and without writing a route', async () => {
    // Prepare
    const { run, store, described } = setup({ state: 'ALARM', reason: 'Alarm lag.green.billing in ALARM', since: Date.parse('2026-05-04T02:00:00Z') });
    // Act
    const out = await run(request);
    // Assess
    expect(out).toMatchObject({
      kind: 'refused',
      code: 'in-alarm',
      checks: [{ check: 'alarms/composite', status: 'fail' }],
      notification: { kind: 'hold' },
    });
    expect(out.kind === 'refused' && out.message).toBe(
      `the composite alarm ${COMPOSITE} is in ALARM since 2026-05-04T02:00:00.000Z (Alarm lag.green.billing in ALARM); no alarm would roll this rollout back: start again once it is OK`,
    );
    expect(described).toEqual([]);
    expect(store.history('orders')).toEqual([]);
  });

  it('refuses when the composite alarm does not exist: no rollout without its emergency brake', async () => {
    // Prepare
    const { run } = setup('missing');
    // Act
    const out = await run(request);
    // Assess
    expect(out).toMatchObject({ kind: 'refused', code: 'alarm-missing' });
    expect(out.kind === 'refused' && out.message).toContain(COMPOSITE);
  });

  it.each([
    ['OK (nothing raised locally)', null, 'OK'],
    ['INSUFFICIENT_DATA', { state: 'INSUFFICIENT_DATA' as const, reason: 'no data', since: 0 }, 'INSUFFICIENT_DATA'],
  ])('starts when the alarm is %s and records it among the checks', async (_name, composite, shown) => {
    // Prepare
    const { run } = setup(composite);
    // Act
    const out = await run(request);
    // Assess
    expect(out.kind).toBe('ready');
    expect(out.checks[0]).toEqual({ check: 'alarms/composite', status: 'ok', details: `${COMPOSITE} is ${shown}` });
  });
});
