import { describe, expect, it } from 'vitest';
import { statusCommand } from '../../../../src/cli/status/status-command.ts';
import { CLEAR_SCREEN, type WatchMode, watchStatus } from '../../../../src/cli/status/status-watch.ts';
import { watchExtras, watchLines } from '../../../../src/cli/status/status-watch-view.ts';
import type { MigrationStatus } from '../../../../src/controller/status/migration-status.ts';
import { MemoryRoutingStore } from '../../../../src/local/memory-routing-store.ts';
import type { ExecutionInspector } from '../../../../src/ports/index.ts';
import { captureIo } from '../../../support/cli-io.ts';
import { FakeTime, flushPromises } from '../../../support/fakes/fake-time.ts';
import { MemoryMetrics } from '../../../support/fakes/memory-metrics.ts';
import { EXECUTION_ARN, planInput, routingDoc } from '../../../support/rollout-fixtures.ts';

const T = Date.parse('2026-05-04T10:15:00.000Z');
const EXECUTION = {
  executionArn: EXECUTION_ARN,
  source: 'lock',
  status: 'RUNNING',
  startedAt: T - 600_000,
  stoppedAt: null,
  error: null,
  problem: null,
} as const;

function status(state: string, overrides: Partial<MigrationStatus> = {}): MigrationStatus {
  return {
    migration: 'orders',
    routing: {
      ...routingDoc({ phase: 'canary', producers: { greenPercent: 50 }, consumers: { blue: true, green: true }, updatedAt: new Date(T).toISOString() }),
      parameterVersion: 4,
    },
    routingProblem: null,
    rollbackMarker: null,
    lockHolder: EXECUTION_ARN,
    execution: { ...EXECUTION, state: { name: state, enteredAt: T + 1000 } },
    stage: { index: 1, count: 4, greenPercent: 50, bakeSeconds: 900 },
    lastGate: null,
    paused: null,
    pendingControl: null,
    fleetRevision: { kind: 'no-data', windowMinutes: 5 },
    ...overrides,
  };
}

/** Runs a watch over `statuses` (one per refresh, the last repeated), `refreshes` times, then stops it. */
async function watch(mode: WatchMode, statuses: (MigrationStatus | Error)[], refreshes: number) {
  const time = new FakeTime(T + 60_000);
  const stop = new AbortController();
  const io = captureIo('/');
  let reads = 0;
  const read = async () => {
    const next = statuses[Math.min(reads++, statuses.length - 1)] as MigrationStatus | Error;
    if (next instanceof Error) throw next;
    return next;
  };
  const done = watchStatus({
    read,
    text: (s, now) => watchLines(s, watchExtras(s, now), now),
    json: (s, now) => ({ at: now, watch: watchExtras(s, now) }),
    out: io.stdout,
    mode,
    clock: time,
    timers: time,
    intervalMs: 5_000,
    signal: stop.signal,
  });
  for (let i = 1; i < refreshes; i += 1) await time.advance(5_000);
  await flushPromises();
  stop.abort();
  return { count: await done, out: io.out(), pending: time.pendingDelays() };
}

describe('status --watch', () => {
  it('on a terminal, redraws in place every interval: the bake counts down', async () => {
    // Act
    const { count, out, pending } = await watch('tty', [status('BakeStage')], 3);
    // Assess
    expect(count).toBe(3);
    expect(out.split(CLEAR_SCREEN)).toHaveLength(4);
    expect(out).toContain('bake left  14m\n');
    expect(out).toContain('bake left  13m55s\n');
    expect(out).toContain('bake left  13m50s\n');
    expect(pending).toEqual([]);
  });

  it('not on a terminal, prints a block only when something changed (the time aside)', async () => {
    // Prepare: the bake ends, then the approval is awaited.
    const baking = status('EvaluateGates');
    const waiting = status('RequestStageApproval');
    // Act
    const { count, out } = await watch('plain', [baking, baking, waiting, waiting], 4);
    // Assess
    expect(count).toBe(4);
    expect(out).not.toContain(CLEAR_SCREEN);
    expect(out.match(/as of/g)).toHaveLength(2);
    expect(out).toContain('waiting    for nobody\n');
    expect(out).toContain('waiting    for approval of the next stage since 2026-05-04T10:15:01.000Z\n');
  });

  it('--json: one JSON line per refresh', async () => {
    // Act
    const { out } = await watch('json', [status('CheckControls')], 2);
    // Assess
    const lines = out
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { at: T + 60_000, watch: { bakeRemainingSeconds: 840, waitingFor: null } },
      { at: T + 65_000, watch: { bakeRemainingSeconds: 835, waitingFor: null } },
    ]);
  });

  it('a failed read is shown and the watch goes on', async () => {
    // Act
    const { count, out } = await watch('plain', [Object.assign(new Error('raw secret text'), { name: 'ThrottlingException' }), status('HoldWhilePaused')], 2);
    // Assess
    expect(count).toBe(2);
    expect(out).toContain('unreadable:');
    expect(out).not.toContain('raw secret text');
    expect(out).toContain('waiting    for a resume (paused) since');
  });

  it.each<[string, Partial<MigrationStatus>, string]>([
    [
      'nothing bakes once the execution ended',
      { execution: { ...EXECUTION, status: 'SUCCEEDED', state: { name: 'BakeStage', enteredAt: T } } },
      'bake left  nothing bakes',
    ],
    [
      'the last gate analysis, its summary line',
      { lastGate: { verdict: 'pass', stageIndex: 1, summary: null, reasons: [], at: T, analysis: 'analysis pass: produce latency p99 1.02×' } },
      'analysis   analysis pass: produce latency p99 1.02×',
    ],
    [
      'no analysis in the gate record',
      { lastGate: { verdict: 'pass', stageIndex: 1, summary: null, reasons: [], at: T, analysis: null } },
      'analysis   none in the last gate record',
    ],
  ])('view: %s', (_name, overrides, line) => {
    // Act
    const text = watchLines(status('BakeStage', overrides), watchExtras(status('BakeStage', overrides), T), T);
    // Assess
    expect(text).toContain(line);
  });

  it('kraft-canary status <m> --watch --json refreshes through the command until interrupted', async () => {
    // Prepare
    const store = new MemoryRoutingStore();
    await store.write(
      'orders',
      routingDoc({ phase: 'canary', producers: { greenPercent: 50 }, consumers: { blue: true, green: true }, updatedAt: new Date(T).toISOString() }),
    );
    await store.create('/kraft-canary/orders/lock', EXECUTION_ARN);
    await store.create('/kraft-canary/orders/paused', JSON.stringify({ by: 'alice', reason: 'p99', at: new Date(T).toISOString(), stageIndex: 1 }));
    const executions: ExecutionInspector = {
      describe: async () => ({
        executionArn: EXECUTION_ARN,
        name: 'run-1',
        status: 'RUNNING',
        startedAt: T,
        stoppedAt: null,
        input: JSON.stringify({ plan: planInput() }),
        error: null,
      }),
      recentStates: async () => [{ kind: 'entered', state: 'HoldWhilePaused', at: T + 2000, output: null }],
    };
    const time = new FakeTime(T + 30_000);
    const stop = new AbortController();
    const io = captureIo('/');
    const command = statusCommand(
      async () => ({ routing: store, flags: store, executions, metrics: new MemoryMetrics(), namespace: 'KraftCanary', clock: time }),
      {},
      () => ({ clock: time, timers: time, signal: stop.signal, isTTY: false }),
    );
    // Act
    const running = command.run(['orders', '--watch', '--interval', '10', '--json'], io);
    await time.advance(10_000);
    await flushPromises();
    stop.abort();
    const code = await running;
    // Assess
    expect(code).toBe(0);
    const lines = io
      .out()
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ at: new Date(T + 30_000).toISOString(), paused: { by: 'alice' }, watch: { waitingFor: { what: 'a resume (paused)' } } });
  });

  it.each([
    ['--interval', '0.5', '--watch'],
    ['--interval', '10'],
  ])('%s %s %s is wrong usage', async (...args) => {
    // Act
    const io = captureIo('/');
    const code = await statusCommand(async () => Promise.reject(new Error('not called')), {}).run(['orders', ...args], io);
    // Assess
    expect(code).toBe(2);
    expect(io.err()).toContain('--interval takes a number of seconds');
  });
});
