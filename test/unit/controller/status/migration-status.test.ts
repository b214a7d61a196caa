import { describe, expect, it } from 'vitest';
import { gateOf, migrationStatus } from '../../../../src/controller/status/migration-status.ts';
import { MemoryRoutingStore } from '../../../../src/local/memory-routing-store.ts';
import type { ExecutionDescription, ExecutionInspector, ExecutionStateEvent } from '../../../../src/ports/index.ts';
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
  return { store, asked, status: migrationStatus({ routing: store, flags: store, executions, prefix: '/kc' }) };
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
      fleetLastSeenRevision: null,
    });
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
