import type { RoutingDocument } from '@kraft-canary/client/contract';
import { describe, expect, it } from 'vitest';
import { type RollbackPorts, rollback } from '../../../../src/controller/rollback/rollback.ts';
import type { RollbackRequest } from '../../../../src/controller/rollback/rollback-request.ts';
import { MemoryRoutingStore } from '../../../../src/local/memory-routing-store.ts';
import type { ExecutionStatus, Notification } from '../../../../src/ports/index.ts';
import { recordingLogger } from '../../../support/fakes/recording-logger.ts';
import { planInput, routingDoc, T0 } from '../../../support/rollout-fixtures.ts';

const PREFIX = '/kc';
const MIGRATION = 'orders';
const LOCK = `${PREFIX}/${MIGRATION}/lock`;
const ROLLOUT = 'arn:aws:states:eu-west-1:123456789012:execution:kraft-canary-prod-orders:orders-3f2a';
const STATE_MACHINE = 'arn:aws:states:eu-west-1:123456789012:stateMachine:kraft-canary-prod-orders';
const FINISH = 'arn:aws:states:eu-west-1:123456789012:execution:kraft-canary-prod-orders:orders-finish-3';
const BY_HAND = `kraft-canary start --plan <file> --entry finish-rollback --state-machine-arn ${STATE_MACHINE}`;

const canary = (overrides: Partial<RoutingDocument> = {}) =>
  routingDoc({ revision: 2, phase: 'canary', producers: { greenPercent: 20 }, consumers: { blue: true, green: true }, executionArn: ROLLOUT, ...overrides });

/** Step Functions as the rollback sees it: executions by ARN, with their status and input. */
class FakeExecutions {
  readonly calls: string[] = [];
  readonly started: { stateMachineArn: string; name: string; input: unknown }[] = [];
  readonly status = new Map<string, ExecutionStatus>([[ROLLOUT, 'RUNNING']]);
  readonly inputs = new Map<string, unknown>([[ROLLOUT, { plan: planInput(), requestedBy: 'alice' }]]);
  startFailure: Error | null = null;

  async stopExecution(arn: string): Promise<void> {
    this.calls.push(`stop ${arn}`);
    this.status.set(arn, 'ABORTED');
  }
  async describeExecution(arn: string): Promise<ExecutionStatus> {
    return this.status.get(arn) ?? 'NOT_FOUND';
  }
  async executionInput(arn: string): Promise<unknown> {
    return this.inputs.get(arn) ?? null;
  }
  async startExecution(stateMachineArn: string, name: string, input: unknown) {
    this.calls.push(`start ${name}`);
    if (this.startFailure) throw this.startFailure;
    const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    const alreadyStarted = this.status.has(executionArn);
    if (!alreadyStarted) {
      this.started.push({ stateMachineArn, name, input });
      this.status.set(executionArn, 'RUNNING');
      this.inputs.set(executionArn, input);
    }
    return { executionArn, alreadyStarted };
  }
}

async function setup(doc: RoutingDocument | null = canary(), lock: string | null = ROLLOUT) {
  const store = new MemoryRoutingStore();
  if (doc !== null) await store.write(MIGRATION, doc);
  if (lock !== null) await store.create(LOCK, lock);
  const executions = new FakeExecutions();
  const notifications: Notification[] = [];
  const logger = recordingLogger();
  // The lock at the moment of each call, to check the order: stop, release, then start.
  const lockAt: string[] = [];
  const ports: RollbackPorts = {
    routing: store,
    flags: store,
    executions: {
      stopExecution: (arn) => executions.stopExecution(arn),
      describeExecution: (arn) => executions.describeExecution(arn),
      executionInput: (arn) => executions.executionInput(arn),
      startExecution: async (sm, name, input) => {
        lockAt.push((await store.get(LOCK)) ?? 'free');
        return executions.startExecution(sm, name, input);
      },
    },
    notifier: { notify: async (n) => void notifications.push(n) },
    metrics: { put: async () => {} },
    namespace: 'KraftCanary',
    logger,
    clock: { now: () => T0 },
    prefix: PREFIX,
  };
  return { store, executions, notifications, logger, lockAt, run: (request: Partial<RollbackRequest> = {}) => rollback(ports)({ ...ALARM, ...request }) };
}

const ALARM: RollbackRequest = { migration: MIGRATION, reason: 'lag alarm', actor: 'alarm:kc.orders.rollback', source: 'alarm', clusterInstability: false };

describe('rollback: the finish-rollback execution', () => {
  it.each(['alarm', 'operator'] as const)(
    'after an %s rollback stops the running rollout, starts the finish on the same state machine and plan, once the lock is free',
    async (source) => {
      // Prepare
      const { executions, notifications, lockAt, run } = await setup();

      // Act
      const outcome = await run({ source, actor: 'oncall' });

      // Assess
      expect(outcome).toMatchObject({
        kind: 'rolled-back',
        revision: 3,
        stoppedExecution: ROLLOUT,
        lockReleased: true,
        finish: { kind: 'started', executionArn: FINISH },
      });
      expect(executions.calls).toEqual([`stop ${ROLLOUT}`, 'start orders-finish-3']);
      expect(executions.started).toEqual([
        { stateMachineArn: STATE_MACHINE, name: 'orders-finish-3', input: { plan: planInput(), requestedBy: 'oncall', entry: 'finish-rollback' } },
      ]);
      expect(lockAt).toEqual(['free']);
      expect(notifications).toHaveLength(1);
      expect(notifications[0]?.text).toContain(`The finish-rollback execution ${FINISH} proves green drained and drops it from the consumers.`);
      expect(notifications[0]?.fields).toMatchObject({ 'stopped execution': ROLLOUT, 'finish-rollback execution': FINISH });
    },
  );

  it('a duplicate event after the finish started (its preflight not yet run) finds it already started and stops nothing', async () => {
    // Prepare
    const { executions, notifications, run } = await setup();
    await run();

    // Act
    const again = await run();

    // Assess
    expect(again).toMatchObject({ kind: 'rolled-back', changed: false, stoppedExecution: null, finish: { kind: 'finishing', executionArn: FINISH } });
    expect(executions.started).toHaveLength(1);
    expect(notifications).toHaveLength(1);
  });

  it('a duplicate event after a finish that could not drain green says how to finish by hand (its name is taken)', async () => {
    // Prepare
    const { executions, run } = await setup();
    await run();
    executions.status.set(FINISH, 'FAILED');

    // Act
    const again = await run();

    // Assess
    expect(again).toMatchObject({ changed: false, finish: { kind: 'by-hand', reason: 'finish-ended', command: BY_HAND } });
    expect(executions.started).toHaveLength(1);
  });

  it('a retried rollback that stops the rollout again finds the finish already started', async () => {
    // Prepare: the first attempt started the finish, then the rollout was seen running again (a retry before the stop took).
    const { store, executions, notifications, run } = await setup();
    await run();
    executions.status.set(ROLLOUT, 'RUNNING');
    await store.create(LOCK, ROLLOUT);

    // Act
    const again = await run();

    // Assess
    expect(again).toMatchObject({ changed: false, stoppedExecution: ROLLOUT, finish: { kind: 'already-started', executionArn: FINISH } });
    expect(executions.started).toHaveLength(1);
    expect(notifications).toHaveLength(1);
  });

  it('a duplicate event while the finish execution drains green leaves it running and keeps its lock', async () => {
    // Prepare
    const { store, executions, run } = await setup();
    await run();
    await store.create(LOCK, FINISH);

    // Act
    const again = await run();

    // Assess
    expect(again).toMatchObject({ changed: false, stoppedExecution: null, lockReleased: false, finish: { kind: 'finishing', executionArn: FINISH } });
    expect(executions.calls).toEqual([`stop ${ROLLOUT}`, 'start orders-finish-3']);
    expect(await store.get(LOCK)).toBe(FINISH);
  });

  it('starts nothing when the state machine asked for its own rollback: its own path drains green', async () => {
    // Prepare
    const { executions, notifications, run } = await setup();

    // Act
    const outcome = await run({ source: 'state-machine', executionArn: ROLLOUT });

    // Assess
    expect(outcome).toMatchObject({ stoppedExecution: null, finish: { kind: 'not-needed', reason: 'state-machine' } });
    expect(executions.calls).toEqual([]);
    expect(notifications[0]?.text).toContain('The rollout drains green on its own rolled-back path.');
  });

  it('starts nothing when the consumers no longer read green', async () => {
    // Prepare: a lock but only an idle route (the rollout had not written its first stage).
    const { executions, notifications, run } = await setup(routingDoc({ revision: 2, executionArn: ROLLOUT }));

    // Act
    const outcome = await run();

    // Assess
    expect(outcome).toMatchObject({ stoppedExecution: ROLLOUT, finish: { kind: 'not-needed', reason: 'nothing-to-drain' } });
    expect(executions.calls).toEqual([`stop ${ROLLOUT}`]);
    expect(notifications[0]?.text).toContain('Consumers no longer read green: nothing to drain.');
  });

  it('when the start fails, the rollback still stands and Slack says how to finish by hand', async () => {
    // Prepare
    const { store, executions, notifications, logger, run } = await setup();
    executions.startFailure = Object.assign(new Error('denied'), { name: 'AwsCallError' });

    // Act
    const outcome = await run();

    // Assess
    expect(outcome).toMatchObject({
      kind: 'rolled-back',
      holds: true,
      stoppedExecution: ROLLOUT,
      lockReleased: true,
      finish: { kind: 'by-hand', reason: 'start-failed', command: BY_HAND },
    });
    expect(JSON.parse((await store.read(MIGRATION))?.text ?? '{}')).toMatchObject({ phase: 'rolled-back', producers: { greenPercent: 0 } });
    expect(notifications[0]?.text).toContain(`Nothing drains green yet (starting the finish-rollback execution failed): finish by hand with \`${BY_HAND}\``);
    expect(notifications[0]?.fields).toMatchObject({ 'finish-rollback': 'by hand' });
    expect(logger.lines).toContainEqual({
      level: 'error',
      message: 'the finish-rollback execution could not be started',
      fields: { migration: MIGRATION, error: 'AwsCallError' },
    });
  });

  it.each([
    ['no input', null],
    ['no plan in it', { requestedBy: 'alice' }],
    ["another migration's plan", { plan: planInput({ migration: 'payments' }) }],
  ])('when the stopped execution has %s, it says how to finish by hand', async (_name, input) => {
    // Prepare
    const { executions, notifications, run } = await setup();
    executions.inputs.set(ROLLOUT, input);

    // Act
    const outcome = await run();

    // Assess
    expect(outcome).toMatchObject({ stoppedExecution: ROLLOUT, finish: { kind: 'by-hand', reason: 'plan-unreadable', command: BY_HAND } });
    expect(executions.started).toEqual([]);
    expect(notifications[0]?.text).toContain("(the rollout execution's plan could not be read)");
  });

  it('when the input cannot be read at all, still stops the rollout and says how to finish by hand', async () => {
    // Prepare
    const { executions, run } = await setup();
    executions.executionInput = async () => Promise.reject(Object.assign(new Error('throttled'), { name: 'TransientAwsError' }));

    // Act
    const outcome = await run();

    // Assess
    expect(outcome).toMatchObject({ stoppedExecution: ROLLOUT, finish: { kind: 'by-hand', reason: 'plan-unreadable' } });
  });

  it('a rollout that could not be stopped drains green itself: nothing started', async () => {
    // Prepare
    const { executions, run } = await setup();
    executions.stopExecution = async () => Promise.reject(Object.assign(new Error('denied'), { name: 'AwsCallError' }));

    // Act
    const outcome = await run();

    // Assess
    expect(outcome).toMatchObject({ stoppedExecution: null, finish: { kind: 'not-needed', reason: 'rollout-still-running' } });
    expect(executions.started).toEqual([]);
  });
});

/** A rollout that ended in a hold: the route stays at a canary stage, consumers read green, nothing runs. */
async function heldSetup(doc: RoutingDocument = canary(), lock: string | null = null) {
  const world = await setup(doc, lock);
  world.executions.status.set(ROLLOUT, 'FAILED');
  return world;
}

const { executionArn: _writer, ...canaryOfNoExecution } = canary();

describe('rollback of a rollout that no longer runs (held): the finish-rollback execution', () => {
  it.each(['alarm', 'operator'] as const)(
    'after an %s rollback, starts the finish on the plan and state machine of the execution that last wrote the route',
    async (source) => {
      // Prepare
      const { executions, notifications, lockAt, run } = await heldSetup();

      // Act
      const outcome = await run({ source, actor: 'oncall' });

      // Assess
      expect(outcome).toMatchObject({
        kind: 'rolled-back',
        changed: true,
        revision: 3,
        stoppedExecution: null,
        lockReleased: false,
        finish: { kind: 'started', executionArn: FINISH },
      });
      expect(executions.calls).toEqual(['start orders-finish-3']);
      expect(executions.started).toEqual([
        { stateMachineArn: STATE_MACHINE, name: 'orders-finish-3', input: { plan: planInput(), requestedBy: 'oncall', entry: 'finish-rollback' } },
      ]);
      expect(lockAt).toEqual(['free']);
      expect(notifications).toHaveLength(1);
      expect(notifications[0]?.text).toContain(`The finish-rollback execution ${FINISH} proves green drained and drops it from the consumers.`);
      expect(notifications[0]?.fields).not.toHaveProperty('stopped execution');
    },
  );

  it('releases a lock the ended rollout left behind before starting the finish, whose preflight takes it', async () => {
    // Prepare
    const { store, lockAt, run } = await heldSetup(canary(), ROLLOUT);

    // Act
    const outcome = await run({ source: 'operator' });

    // Assess
    expect(outcome).toMatchObject({ stoppedExecution: null, lockReleased: true, finish: { kind: 'started', executionArn: FINISH } });
    expect(lockAt).toEqual(['free']);
    expect(await store.get(LOCK)).toBeNull();
  });

  it('a duplicate event starts nothing more: the finish the first event started is running', async () => {
    // Prepare
    const { executions, notifications, run } = await heldSetup();
    await run({ source: 'operator' });

    // Act
    const again = await run({ source: 'operator' });

    // Assess
    expect(again).toMatchObject({ changed: false, stoppedExecution: null, finish: { kind: 'finishing', executionArn: FINISH } });
    expect(executions.started).toHaveLength(1);
    expect(notifications).toHaveLength(1);
  });

  it('a duplicate event that cannot see the finish asks for the same name and finds it already started', async () => {
    // Prepare
    const { executions, notifications, run } = await heldSetup();
    await run({ source: 'operator' });
    const describe = executions.describeExecution.bind(executions);
    executions.describeExecution = async (arn) =>
      arn === FINISH ? Promise.reject(Object.assign(new Error('throttled'), { name: 'TransientAwsError' })) : describe(arn);

    // Act
    const again = await run({ source: 'operator' });

    // Assess
    expect(again).toMatchObject({ changed: false, finish: { kind: 'already-started', executionArn: FINISH } });
    expect(executions.started).toHaveLength(1);
    expect(notifications).toHaveLength(1);
  });

  it.each([
    ['is unknown to Step Functions (no input)', null],
    ['has no plan in its input', { requestedBy: 'alice' }],
    ['ran an invalid plan', { plan: { migration: MIGRATION } }],
    ["ran another migration's plan", { plan: planInput({ migration: 'payments' }) }],
  ])('when the execution that last wrote the route %s, starts nothing and says how to finish by hand', async (_name, input) => {
    // Prepare
    const { executions, notifications, run } = await heldSetup();
    executions.inputs.set(ROLLOUT, input);

    // Act
    const outcome = await run({ source: 'operator' });

    // Assess
    expect(outcome).toMatchObject({
      changed: true,
      holds: true,
      stoppedExecution: null,
      finish: { kind: 'by-hand', reason: 'plan-unreadable', command: BY_HAND },
    });
    expect(executions.started).toEqual([]);
    expect(notifications[0]?.text).toContain(`Nothing drains green yet (the rollout execution's plan could not be read): finish by hand with \`${BY_HAND}\``);
  });

  it('when the input of the last writer cannot be read at all, says how to finish by hand', async () => {
    // Prepare
    const { executions, run } = await heldSetup();
    executions.executionInput = async () => Promise.reject(Object.assign(new Error('denied'), { name: 'AwsCallError' }));

    // Act
    const outcome = await run({ source: 'operator' });

    // Assess
    expect(outcome).toMatchObject({ finish: { kind: 'by-hand', reason: 'plan-unreadable', command: BY_HAND } });
    expect(executions.started).toEqual([]);
  });

  it('when the route names no execution, says how to finish by hand without a state machine', async () => {
    // Prepare
    const { executions, notifications, run } = await heldSetup(canaryOfNoExecution);

    // Act
    const outcome = await run({ source: 'operator' });

    // Assess
    expect(outcome).toMatchObject({
      changed: true,
      finish: { kind: 'by-hand', reason: 'no-running-rollout', command: 'kraft-canary start --plan <file> --entry finish-rollback' },
    });
    expect(executions.calls).toEqual([]);
    expect(notifications[0]?.text).toContain('(no rollout execution runs and the routing document names none)');
  });

  it('when the finish of this rollback already ended with green still consumed, says how to finish by hand', async () => {
    // Prepare
    const { executions, run } = await heldSetup();
    await run({ source: 'operator' });
    executions.status.set(FINISH, 'FAILED');

    // Act
    const again = await run({ source: 'operator' });

    // Assess
    expect(again).toMatchObject({ changed: false, finish: { kind: 'by-hand', reason: 'finish-ended', command: BY_HAND } });
    expect(executions.started).toHaveLength(1);
  });

  it('starts nothing when the state machine asked for its own rollback: its own path drains green', async () => {
    // Prepare
    const { executions, run } = await heldSetup();

    // Act
    const outcome = await run({ source: 'state-machine', executionArn: ROLLOUT });

    // Assess
    expect(outcome).toMatchObject({ changed: true, finish: { kind: 'not-needed', reason: 'state-machine' } });
    expect(executions.calls).toEqual([]);
  });

  it.each([
    [
      'rolled back with the finish done (marker kept)',
      routingDoc({ revision: 4, phase: 'rolled-back', executionArn: FINISH }),
      true,
      { kind: 'rolled-back', changed: false, finish: { kind: 'not-needed', reason: 'nothing-to-drain' } },
    ],
    [
      'rolled back with the finish done (marker removed)',
      routingDoc({ revision: 4, phase: 'rolled-back', executionArn: FINISH }),
      false,
      { kind: 'no-op', reason: 'no-rollout' },
    ],
    [
      'complete',
      routingDoc({ revision: 9, phase: 'complete', producers: { greenPercent: 100 }, consumers: { blue: false, green: true }, executionArn: ROLLOUT }),
      false,
      { kind: 'no-op', reason: 'complete' },
    ],
    ['idle', routingDoc({ revision: 1, executionArn: ROLLOUT }), false, { kind: 'no-op', reason: 'no-rollout' }],
  ])('starts nothing when the migration is %s', async (_name, doc, marker, expected) => {
    // Prepare
    const { store, executions, notifications, run } = await heldSetup(doc);
    if (marker)
      await store.create(
        `${PREFIX}/${MIGRATION}/rolled-back`,
        JSON.stringify({ at: new Date(T0).toISOString(), by: 'oncall', reason: 'lag', scenario: 'early-canary' }),
      );

    // Act
    const outcome = await run({ source: 'operator' });

    // Assess
    expect(outcome).toMatchObject(expected);
    expect(executions.calls).toEqual([]);
    expect(notifications).toEqual([]);
  });
});
