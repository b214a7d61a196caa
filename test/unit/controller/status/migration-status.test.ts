import { describe, expect, it } from 'vitest';
import { gateOf, migrationStatus } from '../../../../src/controller/status/migration-status.ts';
import { MemoryRoutingStore } from '../../../../src/local/memory-routing-store.ts';
import type { ExecutionDescription, ExecutionInspector, ExecutionStateEvent } from '../../../../src/ports/index.ts';
import { MemoryMetrics } from '../../../support/fakes/memory-metrics.ts';
import { EXECUTION_ARN, planInput, routingDoc, T0 } from '../../../support/rollout-fixtures.ts';

function world(execution: ExecutionDescription | null, events: ExecutionStateEvent[] = []) {
  const store = new MemoryRoutingStore();
  const asked: string[] = [];
  const executions: ExecutionInspector = {
    describe: async (arn) => {
      asked.push(arn);
      return execution;
    },
    recentStates: async () => events,
  };
  const metrics = new MemoryMetrics();
  const status = migrationStatus({
    routing: store,
    flags: store,
    executions,
    metrics,
    namespace: 'KraftCanary',
    clock: { now: () => T0 + 300_000 },
    prefix: '/kc',
  });
  return { store, asked, metrics, status };
}

const described = (overrides: Partial<ExecutionDescription> = {}): ExecutionDescription => ({
  executionArn: EXECUTION_ARN,
  name: 'run-1',
  status: 'RUNNING',
  startedAt: T0,
  stoppedAt: null,
  input: JSON.stringify({ plan: planInput(), requestedBy: 'alice' }),
  error: null,
  ...overrides,
});

const exit = (state: string, output: unknown, at = T0): ExecutionStateEvent => ({
  kind: 'exited',
  state,
  at,
  output: typeof output === 'string' ? output : JSON.stringify(output),
});

describe('migrationStatus', () => {
  it('asks Step Functions about the lock holder before the routing document executionArn', async () => {
    // Prepare
    const { store, asked, status } = world(described());
    store.writeText('orders', JSON.stringify(routingDoc({ executionArn: 'arn:aws:states:eu-west-1:123456789012:execution:rollout:old' })));
    await store.create('/kc/orders/lock', EXECUTION_ARN);
    // Act
    const found = await status('orders');
    // Assess
    expect(asked).toEqual([EXECUTION_ARN]);
    expect(found.execution).toMatchObject({ source: 'lock', status: 'RUNNING' });
    expect(found.stage).toEqual({ index: -1, count: 4, greenPercent: 0, bakeSeconds: null });
  });

  it('an execution Step Functions no longer knows is NOT_FOUND, with no stage or gate', async () => {
    // Prepare
    const { store, status } = world(null);
    store.writeText(
      'orders',
      JSON.stringify(routingDoc({ phase: 'canary', producers: { greenPercent: 20 }, consumers: { blue: true, green: true }, executionArn: EXECUTION_ARN })),
    );
    // Act
    const found = await status('orders');
    // Assess
    expect(found).toMatchObject({
      lockHolder: null,
      execution: { source: 'routing-document', status: 'NOT_FOUND', problem: null },
      stage: null,
      lastGate: null,
    });
  });

  it('nothing stored: every part null', async () => {
    const { status } = world(described());
    expect(await status('orders')).toEqual({
      migration: 'orders',
      routing: null,
      routingProblem: null,
      rollbackMarker: null,
      lockHolder: null,
      execution: null,
      stage: null,
      lastGate: null,
      paused: null,
      pendingControl: null,
      fleetRevision: { kind: 'no-data', windowMinutes: 5 },
    });
  });

  it("reads the fleet's RoutingRevision (Minimum and Maximum per minute, its namespace and Migration) against the document's revision", async () => {
    // Prepare: the document is at revision 9; one client still reports 8 in the newest minutes.
    const { store, metrics, status } = world(described());
    store.writeText(
      'orders',
      JSON.stringify(routingDoc({ phase: 'canary', producers: { greenPercent: 20 }, consumers: { blue: true, green: true }, revision: 9 })),
    );
    const asked: string[] = [];
    metrics.source = (q, at) => {
      asked.push(`${q.namespace}/${q.metricName}/${q.dimensions.Migration}/${q.stat}/${q.periodSeconds}`);
      return at < T0 + 180_000 ? undefined : q.stat === 'Minimum' ? 8 : 9;
    };
    // Act
    const found = await status('orders');
    // Assess
    expect(found.fleetRevision).toEqual({ kind: 'reported', lowest: 8, highest: 9, current: 9, upToDate: false, at: T0 + 300_000, windowMinutes: 5 });
    expect(new Set(asked)).toEqual(new Set(['KraftCanary/RoutingRevision/orders/Minimum/60', 'KraftCanary/RoutingRevision/orders/Maximum/60']));
  });

  it('a CloudWatch failure is reported in fleetRevision, not thrown', async () => {
    // Prepare
    const { store, metrics, status } = world(described());
    store.writeText('orders', JSON.stringify(routingDoc()));
    metrics.read = () => Promise.reject(Object.assign(new Error('raw'), { name: 'AccessDeniedException' }));
    // Act
    const found = await status('orders');
    // Assess
    expect(found.fleetRevision).toMatchObject({ kind: 'unknown', windowMinutes: 5 });
    expect(JSON.stringify(found.fleetRevision)).not.toContain('raw');
  });

  it('shows a pause and a pending control as recorded', async () => {
    // Prepare
    const { store, status } = world(described());
    const pause = { by: 'alice', reason: 'p99', at: '2026-05-04T10:00:00.000Z', stageIndex: 1 };
    await store.create('/kc/orders/paused', JSON.stringify(pause));
    await store.create('/kc/orders/control', JSON.stringify({ ...pause, kind: 'step-back', by: 'bob' }));
    // Act
    const found = await status('orders');
    // Assess
    expect(found.paused).toEqual(pause);
    expect(found.pendingControl).toEqual({ ...pause, kind: 'step-back', by: 'bob' });
  });

  it.each([
    {
      name: 'a failing gate with its reasons',
      output: { gate: { verdict: 'fail', stageIndex: 0, reasons: ['lag of billing 5000 > 1000', 7] } },
      want: { verdict: 'fail', stageIndex: 0, summary: null, reasons: ['lag of billing 5000 > 1000'], analysis: null, at: T0 },
    },
    {
      name: 'the relative analysis line',
      output: {
        gate: { verdict: 'pass', stageIndex: 1, summary: 'stage 2 gates pass', reasons: [], analysis: { verdict: 'pass', summary: 'analysis pass: …' } },
      },
      want: { verdict: 'pass', stageIndex: 1, summary: 'stage 2 gates pass', reasons: [], analysis: 'analysis pass: …', at: T0 },
    },
    { name: 'output cut short', output: '{"gate": {"verdict": "pa', want: null },
    { name: 'an unknown verdict', output: { gate: { verdict: 'maybe' } }, want: null },
    { name: 'no gate at all', output: { plan: {} }, want: null },
  ])('reads the gate from EvaluateGates output: $name', ({ output, want }) => {
    expect(gateOf(exit('EvaluateGates', output))).toEqual(want);
  });
});
