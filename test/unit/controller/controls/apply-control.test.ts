import { describe, expect, it } from 'vitest';
import { type ApplyControlOutcome, type ApplyControlPorts, applyControl } from '../../../../src/controller/controls/apply-control.ts';
import { controlTakeoverName } from '../../../../src/controller/controls/control-lock.ts';
import { controlLockName, controlRequestName, pausedName } from '../../../../src/controller/controls/control-records.ts';
import { lockName } from '../../../../src/controller/lock/rollout-lock.ts';
import { CONTROL_LEASE_MS, newLease } from '../../../../src/domain/control-lease.ts';
import type { Control } from '../../../../src/domain/controls.ts';
import { MemoryRoutingStore } from '../../../../src/local/memory-routing-store.ts';
import type { CreateOnlyFlags, ExecutionStatus, Logger } from '../../../../src/ports/index.ts';
import { InterleavingScheduler } from '../../../support/fakes/interleaving-scheduler.ts';
import { SteppedRoutingStore } from '../../../support/fakes/stepped-routing-store.ts';
import { EXECUTION_ARN, planInput, routingDoc, T0 } from '../../../support/rollout-fixtures.ts';
import { everySchedule } from '../../../support/schedules.ts';

const PREFIX = '/kc';
const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
const FLAGS = [lockName(PREFIX, 'orders'), pausedName(PREFIX, 'orders'), controlRequestName(PREFIX, 'orders'), controlLockName(PREFIX, 'orders')];

interface Setup {
  phase?: 'idle' | 'canary' | 'draining' | 'complete' | 'rolled-back';
  greenPercent?: number;
  running?: boolean;
  status?: ExecutionStatus;
  /** Milliseconds since the route was written (the fixture writes it at T0). */
  sinceWrite?: number;
}

async function world(setup: Setup = {}) {
  const store = new MemoryRoutingStore();
  const phase = setup.phase ?? 'canary';
  const green = phase === 'idle' || phase === 'rolled-back' ? 0 : phase === 'canary' ? (setup.greenPercent ?? 50) : 100;
  const consumers = { blue: phase !== 'complete', green: phase !== 'idle' };
  await store.write('orders', routingDoc({ phase, producers: { greenPercent: green }, consumers, revision: 4, executionArn: EXECUTION_ARN }));
  if (setup.running !== false) await store.create(lockName(PREFIX, 'orders'), EXECUTION_ARN);
  const resumes: string[] = [];
  const ports: ApplyControlPorts = {
    routing: store,
    flags: store,
    executions: { describeExecution: async () => setup.status ?? 'RUNNING', executionInput: async () => ({ plan: planInput(), requestedBy: 'alice' }) },
    clock: { now: () => T0 + (setup.sinceWrite ?? 0) },
    logger: silent,
    prefix: PREFIX,
    resumeHold: async (_migration, actor) => {
      resumes.push(actor);
      return { kind: 'resumed', approvalIds: ['a1'] };
    },
  };
  const flags = async () => Object.fromEntries(await Promise.all(FLAGS.map(async (n) => [n.replace(`${PREFIX}/orders/`, ''), await store.get(n)])));
  return { store, ports, resumes, flags };
}

const input = (control: Control) => ({ migration: 'orders', control, actor: 'arn:aws:iam::123456789012:role/oncall', reason: 'p99 up 40%' });

describe('applyControl', () => {
  it('pause records who, why, when and the stage, and nothing else', async () => {
    // Prepare
    const { ports, flags } = await world();
    // Act
    const outcome = await applyControl(ports)(input('pause'));
    // Assess
    expect(outcome.kind).toBe('applied');
    const written = await flags();
    expect(JSON.parse(written.paused)).toEqual({
      by: 'arn:aws:iam::123456789012:role/oncall',
      reason: 'p99 up 40%',
      at: new Date(T0).toISOString(),
      stageIndex: 1,
    });
    expect(written.control).toBeNull();
    expect(written['control-lock']).toBeNull();
  });

  it('pause during the drain of blue is recorded: the state machine holds before complete', async () => {
    // Prepare
    const { ports, flags } = await world({ phase: 'draining', sinceWrite: 3_600_000 });
    // Act
    const outcome = await applyControl(ports)(input('pause'));
    // Assess
    expect(outcome).toMatchObject({ kind: 'applied', situation: { phase: 'draining', stageIndex: 3 } });
    expect(JSON.parse((await flags()).paused)).toMatchObject({ stageIndex: 3 });
  });

  it('resume removes the pause and answers the held execution', async () => {
    // Prepare
    const { ports, flags, resumes } = await world();
    await applyControl(ports)(input('pause'));
    // Act
    const outcome = await applyControl(ports)(input('resume'));
    // Assess
    expect(outcome).toMatchObject({ kind: 'applied', held: { kind: 'resumed' } });
    expect((await flags()).paused).toBeNull();
    expect(resumes).toEqual(['arn:aws:iam::123456789012:role/oncall']);
  });

  it.each<[Control, string]>([
    ['promote', 'promote'],
    ['promote-full', 'promote-full'],
    ['step-back', 'step-back'],
  ])('%s writes one request bound to the current stage', async (control, kind) => {
    // Prepare
    const { ports, flags } = await world();
    // Act
    const outcome = await applyControl(ports)(input(control));
    // Assess
    expect(outcome.kind).toBe('applied');
    expect(JSON.parse((await flags()).control)).toMatchObject({ kind, stageIndex: 1, by: 'arn:aws:iam::123456789012:role/oncall' });
  });

  it.each<[string, Control, Setup, string]>([
    ['step back at 0 %', 'step-back', { phase: 'idle' }, 'cannot step back in phase idle, 0% green'],
    ['step back at the first stage', 'step-back', { greenPercent: 20 }, 'cannot step back from the first stage (phase canary, 20% green, stage 1 of 4)'],
    ['pause after complete', 'pause', { phase: 'complete' }, 'cannot pause in phase complete, 100% green'],
    ['promote with no rollout running', 'promote', { status: 'ABORTED' }, 'no rollout execution runs'],
    ['promote --full after the cutover', 'promote-full', { phase: 'draining' }, 'cannot promote --full in phase draining'],
    ['resume when not paused', 'resume', {}, 'cannot resume: not paused'],
    ['promote once the 15-minute bake is over (gates or approval)', 'promote', { sinceWrite: 15 * 60_000 }, 'cannot promote: the bake of stage 2 ended at'],
    ['promote during the drain of blue', 'promote', { phase: 'draining', sinceWrite: 3_600_000 }, 'the drain of blue follows'],
  ])('%s is refused in one line and writes nothing', async (_name, control, setup, message) => {
    // Prepare
    const { ports, flags, store } = await world(setup);
    const before = { flags: await flags(), versions: store.history('orders').length };
    // Act
    const outcome = await applyControl(ports)(input(control));
    // Assess
    expect(outcome.kind).toBe('refused');
    expect(outcome.kind === 'refused' && outcome.message).toContain(message);
    expect(outcome.kind === 'refused' && outcome.message.includes('\n')).toBe(false);
    expect(await flags()).toEqual(before.flags);
    expect(store.history('orders')).toHaveLength(before.versions);
  });

  it('promote while paused is refused naming the phase; the pause stays', async () => {
    // Prepare
    const { ports, flags } = await world();
    await applyControl(ports)(input('pause'));
    // Act
    const outcome = await applyControl(ports)(input('promote'));
    // Assess
    expect(outcome).toMatchObject({ kind: 'refused', code: 'paused' });
    expect(outcome.kind === 'refused' && outcome.message).toContain('phase canary, 50% green');
    expect((await flags()).control).toBeNull();
  });

  it('a control while another holds the control lock is refused as busy, naming who and until when, and writes nothing', async () => {
    // Prepare
    const { ports, flags, store } = await world();
    const held = JSON.stringify(newLease('bob', 'pause', T0 - 1_000));
    await store.create(controlLockName(PREFIX, 'orders'), held);
    // Act
    const outcome = await applyControl(ports)(input('step-back'));
    // Assess
    expect(outcome.kind).toBe('busy');
    expect(outcome.kind === 'busy' && outcome.message).toContain('another control of orders is being applied by bob (pause');
    expect(outcome.kind === 'busy' && outcome.message).toContain(`lease until ${new Date(T0 - 1_000 + CONTROL_LEASE_MS).toISOString()}`);
    expect((await flags()).control).toBeNull();
    expect((await flags())['control-lock']).toBe(held);
  });

  it('a control lock left by a crashed command is taken over once its lease is over: applied, reported, released', async () => {
    // Prepare
    const { ports, flags, store } = await world();
    await store.create(controlLockName(PREFIX, 'orders'), JSON.stringify(newLease('bob', 'pause', T0 - CONTROL_LEASE_MS)));
    // Act
    const outcome = await applyControl(ports)(input('step-back'));
    // Assess
    expect(outcome).toMatchObject({ kind: 'applied', tookOver: { from: 'bob', control: 'pause', acquiredAt: new Date(T0 - CONTROL_LEASE_MS).toISOString() } });
    expect(JSON.parse((await flags()).control)).toMatchObject({ kind: 'step-back' });
    expect((await flags())['control-lock']).toBeNull();
  });

  it('a record that appeared although the lock was held (a lock taken from a slow holder) is not overwritten: busy, nothing written', async () => {
    // Prepare: the situation read sees no request; another writer's lands right after it.
    const { ports, store } = await world();
    const request = controlRequestName(PREFIX, 'orders');
    const sneaky = JSON.stringify({ kind: 'promote', by: 'bob', reason: 'x', at: new Date(T0).toISOString(), stageIndex: 1 });
    const flags: CreateOnlyFlags = {
      create: (name, value) => store.create(name, value),
      remove: (name) => store.remove(name),
      get: async (name) => {
        const value = await store.get(name);
        if (name === request && value === null) await store.create(request, sneaky);
        return value;
      },
    };
    const racing = { ...ports, flags };
    // Act
    const outcome = await applyControl(racing)(input('step-back'));
    // Assess
    expect(outcome.kind).toBe('busy');
    expect(outcome.kind === 'busy' && outcome.message).toBe('another control of orders wrote its record meanwhile');
    expect(await store.get(request)).toBe(sneaky);
  });
});

describe('concurrent controls against one migration', () => {
  const ACTORS = ['promote', 'step-back'] as const;

  async function runOnce(choose: (waiting: readonly string[]) => number, lapsed: string | null) {
    const { store, ports } = await world();
    if (lapsed !== null) await store.create(controlLockName(PREFIX, 'orders'), lapsed);
    const scheduler = new InterleavingScheduler([...ACTORS]);
    const outcomes = new Map<string, ApplyControlOutcome>();
    const bodies = Object.fromEntries(
      ACTORS.map((actor) => [
        actor,
        async () => {
          // The rollout lock and the pause cannot change here: only the other calls interleave.
          const stepped = new SteppedRoutingStore(store, actor, scheduler.gateFor(actor), [], [lockName(PREFIX, 'orders'), pausedName(PREFIX, 'orders')]);
          outcomes.set(actor, await applyControl({ ...ports, routing: stepped, flags: stepped })(input(actor)));
        },
      ]),
    );
    const failures = await scheduler.run(bodies, choose);
    const claim = lapsed === null ? null : await store.get(controlTakeoverName(PREFIX, 'orders', lapsed));
    return {
      failures,
      outcomes,
      request: await store.get(controlRequestName(PREFIX, 'orders')),
      lock: await store.get(controlLockName(PREFIX, 'orders')),
      claim,
    };
  }

  const crashed = JSON.stringify(newLease('carol', 'pause', T0 - CONTROL_LEASE_MS - 1));

  it.each([
    ['a free control lock', null],
    ['the lapsed control lock of a crashed command', crashed],
  ])(
    'promote and step back at once on %s: under every interleaving exactly one is applied, the other refused or busy, never both written',
    async (_name, lapsed) => {
      // Act: every schedule of their SSM calls, depth first
      const { runs, failures } = await everySchedule(
        (choose) => runOnce(choose, lapsed),
        (run) => {
          const applied = ACTORS.filter((a) => run.outcomes.get(a)?.kind === 'applied');
          const kinds = ACTORS.map((a) => run.outcomes.get(a)?.kind).sort();
          const problems: string[] = [];
          if (run.failures.size > 0) problems.push('failed');
          if (applied.length !== 1) problems.push(`${applied.length} applied`);
          if (applied[0] !== undefined && JSON.parse(run.request ?? '{}').kind !== applied[0]) problems.push(`request ${run.request} is not ${applied[0]}`);
          if (kinds[0] !== 'applied' || !['busy', 'refused'].includes(kinds[1] ?? '')) problems.push(`outcomes ${kinds.join('/')}`);
          if (run.lock !== null) problems.push('control lock left behind');
          if (run.claim !== null) problems.push('takeover claim left behind');
          return problems;
        },
      );
      // Assess
      expect(failures).toEqual([]);
      expect(runs).toBeGreaterThan(10);
    },
  );
});
