import { describe, expect, it } from 'vitest';
import { type SetRoutingPorts, setRouting } from '../../../../src/controller/routing/set-routing.ts';
import { MemoryRoutingStore } from '../../../../src/local/memory-routing-store.ts';
import { prepareFirstStage } from '../../../../src/readiness/first-stage.ts';
import { manualClock } from '../../../support/fakes/fake-time.ts';
import { MemoryMetrics } from '../../../support/fakes/memory-metrics.ts';
import { recordingLogger } from '../../../support/fakes/recording-logger.ts';
import { readinessWorld } from '../../../support/readiness-world.ts';
import { BLUE_ARN, EXECUTION_ARN, GREEN_ARN, planInput, routingDoc, T0 } from '../../../support/rollout-fixtures.ts';

const FN = 'arn:aws:lambda:eu-west-1:123456789012:function:settle-orders';

/** billing reads orders on blue through a Lambda trigger whose twin on green waits disabled. */
function setup(start = routingDoc({ revision: 1 })) {
  const store = new MemoryRoutingStore();
  void store.write('orders', start);
  const w = readinessWorld();
  w.blue.topic('orders', 1, 3, {}, [10]);
  w.green.topic('orders', 1, 3);
  w.blue.group('billing', { committed: { orders: [10] }, state: 'Stable', members: 1 });
  w.triggers.add({ sourceArn: BLUE_ARN, functionArn: FN, topics: ['orders'], consumerGroupId: 'billing' });
  w.triggers.add({ sourceArn: GREEN_ARN, functionArn: FN, topics: ['orders'], consumerGroupId: 'billing', state: 'Disabled' });
  const ports: SetRoutingPorts = {
    routing: store,
    flags: store,
    clock: manualClock(T0),
    prefix: '/kc',
    metrics: new MemoryMetrics(),
    namespace: 'KraftCanary',
    logger: recordingLogger(),
    firstStage: prepareFirstStage(w.ports),
  };
  return { store, w, run: setRouting(ports) };
}

const stage = (stageIndex: number) => ({
  action: 'stage',
  plan: planInput({ consumerGroups: [] }),
  stageIndex,
  executionArn: EXECUTION_ARN,
  requestedBy: 'alice',
});

describe('setRouting with the first-stage gate', () => {
  it('enables the green trigger twins before the first canary write, then writes', async () => {
    // Prepare
    const { run, w, store } = setup();

    // Act
    const out = await run(stage(0));

    // Assess
    expect(out).toMatchObject({ kind: 'written', phase: 'canary', greenPercent: 20 });
    expect(w.triggers.writes).toEqual([{ op: 'enable', args: 'uuid-2' }]);
    expect(store.history('orders')).toHaveLength(2);
  });

  it('refuses without writing while a consumer of blue has no reader on green', async () => {
    // Prepare
    const { run, w, store } = setup();
    w.blue.group('ledger', { committed: { orders: [10] }, state: 'Stable', members: 1 });

    // Act
    const out = await run(stage(0));

    // Assess
    expect(out).toMatchObject({ kind: 'refused', code: 'consumer-coverage', message: expect.stringContaining('ledger') });
    expect(store.history('orders')).toHaveLength(1);
  });

  it('does not gate later stages', async () => {
    // Prepare
    const { run, w } = setup(routingDoc({ revision: 2, phase: 'canary', producers: { greenPercent: 20 }, consumers: { blue: true, green: true } }));
    w.blue.group('ledger', { committed: { orders: [10] }, state: 'Stable', members: 1 });

    // Act
    const out = await run(stage(1));

    // Assess
    expect(out).toMatchObject({ kind: 'written', greenPercent: 50 });
    expect(w.triggers.writes).toEqual([]);
  });
});
