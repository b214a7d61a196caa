import { describe, expect, it } from 'vitest';
import { type RollbackCliPorts, rollbackCommand } from '../../../../src/cli/rollback/rollback-command.ts';
import { MemoryRoutingStore } from '../../../../src/local/memory-routing-store.ts';
import { planInput } from '../../../support/rollout-fixtures.ts';

const MIGRATION = 'orders-kraft';
const EXECUTION = 'arn:aws:states:eu-west-1:111122223333:execution:kraft-canary-prod-orders-kraft:run-1';
const STATE_MACHINE = 'arn:aws:states:eu-west-1:111122223333:stateMachine:kraft-canary-prod-orders-kraft';

function setup(executions: Partial<RollbackCliPorts['executions']> = {}) {
  const store = new MemoryRoutingStore();
  const stopped: string[] = [];
  const out = { stdout: '', stderr: '' };
  const ports: RollbackCliPorts = {
    routing: store,
    flags: store,
    executions: {
      stopExecution: async (arn) => void stopped.push(arn),
      describeExecution: async () => 'RUNNING',
      executionInput: async () => ({ plan: planInput({ migration: MIGRATION }), requestedBy: 'ops' }),
      startExecution: async (sm, name) => ({ executionArn: `${sm.replace(':stateMachine:', ':execution:')}:${name}`, alreadyStarted: false }),
      ...executions,
    },
    notifier: { notify: async () => {} },
    metrics: { put: async () => {} },
    namespace: 'KraftCanary',
    logger: { info: () => {}, warn: () => {}, error: () => {} },
    clock: { now: () => Date.parse('2026-05-04T03:00:00Z') },
    whoAmI: async () => 'arn:aws:iam::111122223333:user/oncall',
  };
  const io = { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) }, cwd: '/' };
  return { store, stopped, out, io, command: rollbackCommand(async () => ports, {}) };
}

describe('kraft-canary rollback', () => {
  it('rolls a running canary back and stops its execution', async () => {
    // Prepare
    const { store, stopped, out, io, command } = setup();
    store.writeText(
      MIGRATION,
      JSON.stringify({
        schema: 1,
        migration: MIGRATION,
        revision: 2,
        phase: 'canary',
        producers: { greenPercent: 20 },
        consumers: { blue: true, green: true },
        updatedAt: '2026-05-04T02:00:00.000Z',
        updatedBy: 'rollout',
        reason: 'stage 1',
        executionArn: EXECUTION,
      }),
    );
    await store.create(`/kraft-canary/${MIGRATION}/lock`, EXECUTION);
    // Act
    const code = await command.run([MIGRATION, '--reason', 'checkout errors'], io);
    // Assess
    expect(code).toBe(0);
    expect(out.stdout).toContain('rolled back (early-canary)');
    expect(out.stdout).toContain(`started the finish-rollback execution ${STATE_MACHINE.replace(':stateMachine:', ':execution:')}:${MIGRATION}-finish-3`);
    expect(stopped).toEqual([EXECUTION]);
    expect(JSON.parse((await store.read(MIGRATION))?.text ?? '{}')).toMatchObject({ phase: 'rolled-back', updatedBy: 'arn:aws:iam::111122223333:user/oncall' });
  });

  it.each([
    { args: [MIGRATION], why: 'no reason' },
    { args: ['--reason', 'x'], why: 'no migration' },
    { args: [MIGRATION, '--reason', 'x', '--bogus'], why: 'an unknown option' },
    { args: [MIGRATION, '--reason', 'x', '--scenario', 'sideways'], why: 'an unknown scenario' },
  ])('refuses $why with a usage error', async ({ args }) => {
    // Prepare
    const { io, command } = setup();
    // Act
    const code = await command.run(args, io);
    // Assess
    expect(code).toBe(2);
  });

  it('--json: the rollback outcome on stdout', async () => {
    // Prepare
    const { store, out, io, command } = setup();
    store.writeText(
      MIGRATION,
      JSON.stringify({
        schema: 1,
        migration: MIGRATION,
        revision: 2,
        phase: 'canary',
        producers: { greenPercent: 20 },
        consumers: { blue: true, green: true },
        updatedAt: '2026-05-04T02:00:00.000Z',
        updatedBy: 'rollout',
        reason: 'stage 1',
        executionArn: EXECUTION,
      }),
    );
    await store.create(`/kraft-canary/${MIGRATION}/lock`, EXECUTION);
    // Act
    const code = await command.run([MIGRATION, '--reason', 'checkout errors', '--json'], io);
    // Assess
    expect([code, out.stderr]).toEqual([0, '']);
    expect(JSON.parse(out.stdout)).toEqual({
      ok: true,
      kind: 'rolled-back',
      migration: MIGRATION,
      scenario: 'early-canary',
      changed: true,
      writes: 1,
      revision: 3,
      holds: true,
      stoppedExecution: EXECUTION,
      lockReleased: true,
      finish: { kind: 'started', executionArn: `${STATE_MACHINE.replace(':stateMachine:', ':execution:')}:${MIGRATION}-finish-3` },
    });
  });

  it('--json when there is nothing to roll back', async () => {
    const { out, io, command } = setup();
    expect(await command.run([MIGRATION, '--reason', 'just in case', '--json'], io)).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({ ok: true, kind: 'no-op', migration: MIGRATION, reason: 'no-rollout' });
  });

  it('an AWS failure: one line that says it is safe to run again, exit 1', async () => {
    // Prepare
    const { io, out } = setup();
    const failing = rollbackCommand(
      async () => Promise.reject(Object.assign(new Error('Could not load credentials'), { name: 'CredentialsProviderError' })),
      {},
    );
    // Act
    const code = await failing.run([MIGRATION, '--reason', 'x'], io);
    // Assess
    expect([code, out.stdout]).toEqual([1, '']);
    expect(out.stderr).toBe(
      'kraft-canary rollback: no AWS credentials: set them in the environment, a profile (AWS_PROFILE) or SSO (aws sso login); it is safe to run again\n',
    );
  });

  it.each([
    {
      from: 'the plan',
      input: { plan: planInput({ migration: MIGRATION }) },
      printed: `started the finish-rollback execution ${STATE_MACHINE.replace(':stateMachine:', ':execution:')}:${MIGRATION}-finish-3`,
    },
    {
      from: 'no input',
      input: null,
      printed: `nothing drains green yet (plan-unreadable): run kraft-canary start --plan <file> --entry finish-rollback --state-machine-arn ${STATE_MACHINE}`,
    },
  ])('a held rollout (no execution running), $from of the execution that last wrote the route: prints the finish', async ({ input, printed }) => {
    // Prepare
    const { store, stopped, out, io, command } = setup({
      describeExecution: async (arn) => (arn === EXECUTION ? 'FAILED' : 'NOT_FOUND'),
      executionInput: async (arn) => (arn === EXECUTION ? input : null),
    });
    store.writeText(
      MIGRATION,
      JSON.stringify({
        schema: 1,
        migration: MIGRATION,
        revision: 2,
        phase: 'canary',
        producers: { greenPercent: 20 },
        consumers: { blue: true, green: true },
        updatedAt: '2026-05-04T02:00:00.000Z',
        updatedBy: 'rollout',
        reason: 'holding at 20% green',
        executionArn: EXECUTION,
      }),
    );
    // Act
    const code = await command.run([MIGRATION, '--reason', 'inconclusive gates'], io);
    // Assess
    expect(code).toBe(0);
    expect(out.stdout).toContain(printed);
    expect(stopped).toEqual([]);
  });

  it('says so when there is nothing to roll back', async () => {
    // Prepare
    const { out, io, command } = setup();
    // Act
    const code = await command.run([MIGRATION, '--reason', 'just in case'], io);
    // Assess
    expect(code).toBe(0);
    expect(out.stdout).toContain('nothing to roll back (no-rollout)');
  });
});
