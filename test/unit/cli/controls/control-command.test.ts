import { describe, expect, it } from 'vitest';
import type { ControlCliPorts } from '../../../../src/cli/control-command.ts';
import { controlCommand } from '../../../../src/cli/control-command.ts';
import { PAUSE } from '../../../../src/cli/pause/pause-command.ts';
import { PROMOTE } from '../../../../src/cli/promote/promote-command.ts';
import { RESUME } from '../../../../src/cli/resume/resume-command.ts';
import { STEP_BACK } from '../../../../src/cli/step-back/step-back-command.ts';
import { controlLockName, controlRequestName, pausedName } from '../../../../src/controller/controls/control-records.ts';
import { lockName } from '../../../../src/controller/lock/rollout-lock.ts';
import { CONTROL_LEASE_MS, newLease } from '../../../../src/domain/control-lease.ts';
import { MemoryRoutingStore } from '../../../../src/local/memory-routing-store.ts';
import { captureIo } from '../../../support/cli-io.ts';
import { EXECUTION_ARN, planInput, routingDoc, T0 } from '../../../support/rollout-fixtures.ts';

const PREFIX = '/kraft-canary';
const ME = 'arn:aws:iam::123456789012:role/oncall';

async function setup(greenPercent = 50, phase: 'canary' | 'idle' = 'canary') {
  const store = new MemoryRoutingStore();
  await store.write('orders', routingDoc({ phase, producers: { greenPercent }, consumers: { blue: true, green: phase === 'canary' }, revision: 3 }));
  await store.create(lockName(PREFIX, 'orders'), EXECUTION_ARN);
  let loads = 0;
  const ports: ControlCliPorts = {
    routing: store,
    flags: store,
    executions: { describeExecution: async () => 'RUNNING', executionInput: async () => ({ plan: planInput() }) },
    clock: { now: () => T0 },
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    resumeHold: async () => ({ kind: 'resumed', approvalIds: ['a1'] }),
    whoAmI: async () => ME,
  };
  const load = async () => {
    loads += 1;
    return ports;
  };
  return { store, load, loads: () => loads };
}

describe('kraft-canary pause / resume / promote / step-back', () => {
  it('pause records the reason and says where it holds', async () => {
    // Prepare
    const { store, load } = await setup();
    const io = captureIo('/');
    // Act
    const code = await controlCommand(PAUSE, load, {}).run(['orders', '--reason', 'p99 up'], io);
    // Assess
    expect(code).toBe(0);
    expect(io.out()).toBe(
      'orders paused at 50% green, stage 2 of 4: it holds at the next control check (within a minute of the bake) until resumed; alarms still roll back\n',
    );
    expect(JSON.parse((await store.get(pausedName(PREFIX, 'orders'))) ?? '{}')).toMatchObject({ by: ME, reason: 'p99 up', stageIndex: 1 });
  });

  it('resume after a pause answers the held execution', async () => {
    // Prepare
    const { store, load } = await setup();
    await controlCommand(PAUSE, load, {}).run(['orders', '--reason', 'p99 up'], captureIo('/'));
    const io = captureIo('/');
    // Act
    const code = await controlCommand(RESUME, load, {}).run(['orders'], io);
    // Assess
    expect(code).toBe(0);
    expect(io.out()).toContain('orders resumed at 50% green, stage 2 of 4: the held rollout goes on');
    expect(await store.get(pausedName(PREFIX, 'orders'))).toBeNull();
  });

  it('a control lock left by a crashed command is taken over after its lease and said so on stderr', async () => {
    // Prepare
    const { store, load } = await setup();
    const crashed = newLease('arn:aws:iam::123456789012:role/crashed', 'pause', T0 - CONTROL_LEASE_MS);
    await store.create(controlLockName(PREFIX, 'orders'), JSON.stringify(crashed));
    const io = captureIo('/');
    // Act
    const code = await controlCommand(PROMOTE, load, {}).run(['orders'], io);
    // Assess
    expect(code).toBe(0);
    expect(io.err()).toBe(
      `kraft-canary promote: took over a stale control lock from arn:aws:iam::123456789012:role/crashed acquired at ${crashed.at} (pause; its lease ended ${crashed.expiresAt})\n`,
    );
    expect(io.out()).toContain('orders: promote asked at 50% green, stage 2 of 4');
  });

  it('a control lock within its lease refuses with who holds it and until when, exit 1', async () => {
    // Prepare
    const { store, load } = await setup();
    const holder = newLease('arn:aws:iam::123456789012:role/colleague', 'step-back', T0 - 10_000);
    await store.create(controlLockName(PREFIX, 'orders'), JSON.stringify(holder));
    const io = captureIo('/');
    // Act
    const code = await controlCommand(PROMOTE, load, {}).run(['orders'], io);
    // Assess
    expect(code).toBe(1);
    expect(io.err()).toBe(
      `kraft-canary promote: another control of orders is being applied by arn:aws:iam::123456789012:role/colleague (step-back, since ${holder.at}, lease until ${holder.expiresAt}); try again; nothing written\n`,
    );
  });

  it('step back at 0 % is refused in one line naming the phase, exit 1, nothing written', async () => {
    // Prepare
    const { store, load } = await setup(0, 'idle');
    const io = captureIo('/');
    // Act
    const code = await controlCommand(STEP_BACK, load, {}).run(['orders', '--reason', 'errors'], io);
    // Assess
    expect(code).toBe(1);
    expect(io.err()).toBe('kraft-canary step-back: cannot step back in phase idle, 0% green; nothing written\n');
    expect(await store.get(controlRequestName(PREFIX, 'orders'))).toBeNull();
  });

  it('promote --full without --yes and without a terminal is refused before any AWS call', async () => {
    // Prepare
    const { load, loads } = await setup();
    const io = captureIo('/');
    // Act
    const code = await controlCommand(PROMOTE, load, {}).run(['orders', '--full'], io);
    // Assess
    expect(code).toBe(2);
    expect(io.err()).toContain('not confirmed: pass --yes');
    expect(loads()).toBe(0);
  });

  it.each([
    ['yes', 0, 'promote-full'],
    ['no', 2, null],
  ])('promote --full answered %j on a terminal', async (answer, exit, kind) => {
    // Prepare
    const { store, load } = await setup();
    const questions: string[] = [];
    const prompt = async (question: string) => {
      questions.push(question);
      return answer;
    };
    const io = { ...captureIo('/'), prompt };
    // Act
    const code = await controlCommand(PROMOTE, load, {}).run(['orders', '--full', '--reason', 'green is better'], io);
    // Assess
    expect(code).toBe(exit);
    expect(questions[0]).toContain('Promote orders to the cutover (100% of producers on green)');
    const request = await store.get(controlRequestName(PREFIX, 'orders'));
    expect(request === null ? null : JSON.parse(request).kind).toBe(kind);
  });

  it('promote --full --yes writes the request; --json prints the outcome', async () => {
    // Prepare
    const { load } = await setup();
    const io = captureIo('/');
    // Act
    const code = await controlCommand(PROMOTE, load, {}).run(['orders', '--full', '--yes', '--json'], io);
    // Assess
    expect(code).toBe(0);
    expect(JSON.parse(io.out())).toMatchObject({ ok: true, migration: 'orders', kind: 'applied', control: 'promote-full' });
  });

  it.each([
    [PAUSE, ['orders']],
    [STEP_BACK, ['orders', '--reason', '  ']],
    [PAUSE, ['orders', '--full', '--reason', 'x']],
    [PROMOTE, ['not a migration']],
    [PROMOTE, ['orders', 'extra']],
    [PROMOTE, ['orders', '--bogus']],
  ])('%#: wrong usage exits 2 before any AWS call', async (spec, args) => {
    // Prepare
    const { load, loads } = await setup();
    const io = captureIo('/');
    // Act
    const code = await controlCommand(spec, load, {}).run(args, io);
    // Assess
    expect(code).toBe(2);
    expect(io.err()).toContain(`kraft-canary ${spec.name}:`);
    expect(loads()).toBe(0);
  });
});
