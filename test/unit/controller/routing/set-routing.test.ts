import { parseRoutingDocument, type RoutingDocument } from '@kraft-canary/client/contract';
import { describe, expect, it } from 'vitest';
import { markerName } from '../../../../src/controller/rollback/rollback-marker.ts';
import { type SetRoutingPorts, setRouting } from '../../../../src/controller/routing/set-routing.ts';
import { MemoryRoutingStore } from '../../../../src/local/memory-routing-store.ts';
import { manualClock } from '../../../support/fakes/fake-time.ts';
import { MemoryMetrics } from '../../../support/fakes/memory-metrics.ts';
import { recordingLogger } from '../../../support/fakes/recording-logger.ts';
import { EXECUTION_ARN, OTHER_EXECUTION_ARN, planInput, routingDoc, T0 } from '../../../support/rollout-fixtures.ts';

const marker = JSON.stringify({ at: '2026-05-04T10:01:00.000Z', by: 'alarm', reason: 'green lag', scenario: 'early-canary' });

function setup(start: RoutingDocument | null = routingDoc({ revision: 1 })) {
  const store = new MemoryRoutingStore();
  if (start) void store.write('orders', start);
  const metrics = new MemoryMetrics();
  const logger = recordingLogger();
  const clock = manualClock(T0);
  const ports: SetRoutingPorts = { routing: store, flags: store, clock, prefix: '/kc', metrics, namespace: 'KraftCanary', logger };
  return { store, metrics, logger, clock, ports, run: setRouting(ports) };
}

const stage = (stageIndex: number, extra: Record<string, unknown> = {}) => ({
  action: 'stage',
  plan: planInput(),
  stageIndex,
  executionArn: EXECUTION_ARN,
  requestedBy: 'alice',
  ...extra,
});

const docs = (store: MemoryRoutingStore) =>
  store.history('orders').map((v) => {
    const parsed = parseRoutingDocument(v.text);
    if (!parsed.ok) throw new Error('invalid document in history');
    return parsed.value;
  });

describe('setRouting', () => {
  it('advances to a stage, emits CanaryGreenPercent and reports the bake window start', async () => {
    // Prepare
    const { run, store, metrics } = setup();
    // Act
    const out = await run(stage(0));
    // Assess
    expect(out).toMatchObject({
      kind: 'written',
      action: 'advance',
      phase: 'canary',
      revision: 2,
      version: 2,
      stageIndex: 0,
      fromPercent: 0,
      greenPercent: 20,
      bakeSeconds: 900,
      approval: 'auto',
      writtenAt: new Date(T0).toISOString(),
    });
    expect(docs(store).at(-1)).toMatchObject({
      phase: 'canary',
      producers: { greenPercent: 20 },
      consumers: { blue: true, green: true },
      updatedBy: 'alice',
      executionArn: EXECUTION_ARN,
    });
    expect(metrics.puts).toEqual([{ namespace: 'KraftCanary', name: 'CanaryGreenPercent', value: 20, dimensions: { Migration: 'orders' } }]);
    expect(out.kind === 'written' && out.notification.text).toContain('20% of producer traffic on green (stage 1 of 4)');
  });

  it('cuts over at the last stage and names the approver as the actor', async () => {
    // Prepare
    const { run, store } = setup(routingDoc({ revision: 4, phase: 'canary', producers: { greenPercent: 80 }, consumers: { blue: true, green: true } }));
    // Act
    const out = await run(stage(3, { approval: { decision: 'approved', approver: 'U0123ABCD', decidedAt: 'x' } }));
    // Assess
    expect(out).toMatchObject({ kind: 'written', action: 'cutover', phase: 'draining', greenPercent: 100, fromPercent: 80 });
    expect(docs(store).at(-1)).toMatchObject({ updatedBy: 'U0123ABCD', reason: 'rollout advanced to stage 4, approved by U0123ABCD' });
  });

  it('resumes an interrupted stage: same route, next revision, this execution', async () => {
    // Prepare
    const { run, store } = setup(
      routingDoc({ revision: 3, phase: 'canary', producers: { greenPercent: 50 }, consumers: { blue: true, green: true }, executionArn: OTHER_EXECUTION_ARN }),
    );
    // Act
    const out = await run(stage(1, { resume: true }));
    // Assess
    expect(out).toMatchObject({ kind: 'written', action: 'resume', revision: 4, greenPercent: 50, approval: 'slack' });
    expect(docs(store).at(-1)).toMatchObject({ executionArn: EXECUTION_ARN, producers: { greenPercent: 50 } });
  });

  it('a retried step whose write already landed writes nothing more', async () => {
    // Prepare
    const { run, store } = setup();
    await run(stage(0));
    // Act
    const again = await run(stage(0));
    // Assess
    expect(again).toMatchObject({ kind: 'written', greenPercent: 20, version: 2 });
    expect(store.history('orders')).toHaveLength(2);
  });

  it('refuses without writing when a rollback marker exists', async () => {
    // Prepare
    const { run, store } = setup();
    await store.create(markerName('/kc', 'orders'), marker);
    // Act
    const out = await run(stage(0));
    // Assess
    expect(out).toMatchObject({ kind: 'refused', code: 'rolled-back' });
    expect(store.history('orders')).toHaveLength(1);
  });

  it('a rollback that lands between its read and its write wins: the rolled-back document is re-asserted above', async () => {
    // Prepare: the rollback's marker and document land while this stage write is in flight
    const { store, ports } = setup(routingDoc({ revision: 2, phase: 'canary', producers: { greenPercent: 20 }, consumers: { blue: true, green: true } }));
    let raced = 0;
    const racing = setRouting({
      ...ports,
      routing: {
        read: (m) => store.read(m),
        historySince: (m, v) => store.historySince(m, v),
        write: async (m, doc) => {
          if (raced++ > 0) return store.write(m, doc);
          await store.create(markerName('/kc', 'orders'), marker);
          await store.write(m, routingDoc({ revision: 3, phase: 'rolled-back', consumers: { blue: true, green: true } }));
          return store.write(m, doc);
        },
      },
    });
    // Act
    const out = await racing(stage(1));
    // Assess
    expect(out).toMatchObject({ kind: 'refused', code: 'rolled-back' });
    const all = docs(store);
    expect(all.map((d) => `${d.revision}:${d.phase}:${d.producers.greenPercent}`)).toEqual([
      '2:canary:20',
      '3:rolled-back:0',
      '3:canary:50',
      '4:rolled-back:0',
    ]);
  });

  it('a rolled-back version in the history counts even before its marker is visible', async () => {
    // Prepare
    const { store, ports } = setup(routingDoc({ revision: 2, phase: 'canary', producers: { greenPercent: 20 }, consumers: { blue: true, green: true } }));
    let raced = 0;
    const racing = setRouting({
      ...ports,
      routing: {
        read: (m) => store.read(m),
        historySince: (m, v) => store.historySince(m, v),
        write: async (m, doc) => {
          const version = await store.write(m, doc);
          if (raced++ > 0) return version;
          await store.write(m, routingDoc({ revision: 3, phase: 'rolled-back', consumers: { blue: true, green: true }, updatedBy: 'carol' }));
          return version;
        },
      },
    });
    // Act
    const out = await racing(stage(1));
    // Assess
    expect(out).toMatchObject({ kind: 'refused', code: 'rolled-back' });
    expect(out.kind === 'refused' && out.message).toContain('carol');
    expect(docs(store).at(-1)).toMatchObject({ phase: 'rolled-back', revision: 4 });
  });

  it('waits for the change window instead of moving traffic outside it', async () => {
    // Prepare: Monday 10:00 UTC; the window is Tuesdays
    const { store, ports } = setup();
    const run = setRouting(ports);
    // Act
    const out = await run(stage(0, { plan: planInput({ window: { days: ['tue'], start: '09:00', end: '17:00', timeZone: 'UTC' } }) }));
    // Assess
    expect(out).toEqual({ kind: 'outside-window', windowOpensAt: '2026-05-05T09:00:00.000Z', stageIndex: 0 });
    expect(store.history('orders')).toHaveLength(1);
  });

  it('reports a domain refusal as a value (no skipping stages)', async () => {
    const { run } = setup();
    expect(await run(stage(2))).toMatchObject({ kind: 'refused', code: 'skipped-stage' });
  });

  it('completes with a fresh drain proof of blue', async () => {
    // Prepare
    const { run, store } = setup(routingDoc({ revision: 5, phase: 'draining', producers: { greenPercent: 100 }, consumers: { blue: true, green: true } }));
    const drainProof = { cluster: 'blue', provenAt: T0 - 1000, stableForSeconds: 600, groups: 1, partitions: 5 };
    // Act
    const out = await run({ action: 'complete', plan: planInput(), drainProof, executionArn: EXECUTION_ARN });
    // Assess
    expect(out).toMatchObject({ kind: 'written', action: 'complete', phase: 'complete', bakeSeconds: 0, approval: 'auto' });
    expect(docs(store).at(-1)?.consumers).toEqual({ blue: false, green: true });
  });

  it('drops green from the consumers after a rollback although the marker exists', async () => {
    // Prepare
    const { run, store } = setup(routingDoc({ revision: 5, phase: 'rolled-back', consumers: { blue: true, green: true } }));
    await store.create(markerName('/kc', 'orders'), marker);
    const drainProof = { cluster: 'green', provenAt: T0, stableForSeconds: 600, groups: 1, partitions: 5 };
    // Act
    const out = await run({ action: 'confirm-drain', plan: planInput(), drainProof, executionArn: EXECUTION_ARN });
    // Assess
    expect(out).toMatchObject({ kind: 'written', action: 'confirm-drain', phase: 'rolled-back' });
    expect(docs(store).at(-1)?.consumers).toEqual({ blue: true, green: false });
  });

  it.each(['rolled-back', 'idle'] as const)('a retried confirm-drain on a %s document whose write already landed writes nothing more', async (phase) => {
    // Prepare
    const { run, store } = setup(routingDoc({ revision: 5, phase, consumers: { blue: true, green: true } }));
    const drainProof = { cluster: 'green', provenAt: T0, stableForSeconds: 600, groups: 1, partitions: 5 };
    const input = { action: 'confirm-drain', plan: planInput(), drainProof, executionArn: EXECUTION_ARN };
    await run(input);
    // Act
    const again = await run(input);
    // Assess
    expect(again).toMatchObject({ kind: 'written', action: 'confirm-drain', phase, revision: 6 });
    expect(docs(store).map((d) => d.consumers.green)).toEqual([true, false]);
  });

  it('keeps the write when the metric cannot be emitted, and logs only the error name', async () => {
    // Prepare
    const { run, ports, logger } = setup();
    ports.metrics.put = async () => {
      throw Object.assign(new Error('token=secret'), { name: 'AwsCallError' });
    };
    // Act
    const out = await run(stage(0));
    // Assess
    expect(out.kind).toBe('written');
    expect(logger.lines.find((l) => l.level === 'warn')).toEqual({
      level: 'warn',
      message: 'CanaryGreenPercent not emitted',
      fields: { migration: 'orders', error: 'AwsCallError' },
    });
  });

  it.each([
    ['an unknown action', { action: 'jump', plan: planInput(), executionArn: EXECUTION_ARN }, 'InvalidStepInputError'],
    ['an invalid plan', { ...stage(0), plan: { migration: 'orders' } }, 'InvalidStepInputError'],
  ])('throws on %s', async (_label, input, name) => {
    const { run } = setup();
    await expect(run(input)).rejects.toMatchObject({ name });
  });

  it('throws on an unreadable routing parameter', async () => {
    const { run, store } = setup(null);
    store.writeText('orders', 'nope');
    await expect(run(stage(0))).rejects.toMatchObject({ name: 'UnreadableRoutingDocumentError' });
  });
});
