import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { KafkaAdminError } from '../../../src/kafka/errors.ts';
import { loadRolloutDefinition } from '../../../src/local/rollout-definition.ts';
import { BLUE_ARN, EXECUTION_ARN, OTHER_EXECUTION_ARN, routingDoc } from '../../support/rollout-fixtures.ts';
import { named, PREFIX, RolloutWorld } from '../../support/rollout-world.ts';

const MARKER = `${PREFIX}/orders/rolled-back`;
// asl-validator ships no type declarations: its one function, typed here.
const aslValidator = createRequire(import.meta.url)('asl-validator') as (definition: unknown) => { isValid: boolean };
const quickDrain = { drain: { stableFor: '1m', timeout: '5m', pollEvery: '1m' } };

/** `expected` appears in `states` in this order (other states may come between). */
const visits = (states: readonly string[], expected: readonly string[]) => {
  let at = 0;
  for (const name of states) if (name === expected[at]) at += 1;
  return at === expected.length;
};

describe('rollout.asl.yml', () => {
  it('is valid ASL for asl-validator and the local interpreter, every Task bound to a function', () => {
    // Act
    const loaded = loadRolloutDefinition();
    const result = aslValidator(loaded.definition);
    // Assess
    expect(result.isValid).toBe(true);
    const functions = new Set(Object.values(loaded.tasks).map((t) => t.functionKey));
    expect([...functions].sort()).toEqual([
      'checkControls',
      'confirmDrain',
      'confirmMoves',
      'decommission',
      'evaluateGates',
      'notify',
      'preflight',
      'releaseLock',
      'requestApproval',
      'requestMoves',
      'rollback',
      'setRouting',
    ]);
    expect(loaded.tasks.RequestStageApproval?.payloadWrapped).toBe(true);
  });
});

describe('rollout: happy path', () => {
  it('walks 20 → 50 → 80 → 100, drains blue, completes, dry-runs the decommission and releases the lock', async () => {
    // Prepare
    const world = new RolloutWorld();
    // Act
    const result = await world.run();
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(world.route()).toEqual(['idle:0', 'canary:20', 'canary:50', 'canary:80', 'draining:100', 'complete:100']);
    expect(world.latest()?.consumers).toEqual({ blue: false, green: true });
    expect(world.latest()?.executionArn).toBe(EXECUTION_ARN);
    expect(await world.lock()).toBeNull();
    expect(
      visits(result.states, [
        'Preflight',
        'WaitForChangeWindow',
        'SetStageRouting',
        'BakeStage',
        'EvaluateGates',
        'RequestStageApproval',
        'ConfirmBlueDrain',
        'CompleteRollout',
        'Decommission',
        'ReleaseLock',
        'RolloutComplete',
      ]),
    ).toBe(true);
    expect(world.metrics.puts.filter((p) => p.name === 'CanaryGreenPercent').map((p) => p.value)).toEqual([20, 50, 80, 100, 100]);
    expect(world.metrics.puts.filter((p) => p.name === 'GateResult').map((p) => p.dimensions.Verdict)).toEqual(['pass', 'pass', 'pass', 'pass']);
    expect(world.clusters.deleted).toEqual([]);
    expect(world.slackPosts[0]?.channel).toBe('C0123ABCD');
    expect(world.slackPosts.slice(1).every((p) => p.threadTs === '1')).toBe(true);
  });

  it('asks for approval after the stage that wants it, with the contract payload, and records the approver on the next write', async () => {
    // Prepare
    const world = new RolloutWorld();
    // Act
    await world.run();
    // Assess
    expect(world.approvalRequests).toHaveLength(1);
    expect(world.approvalRequests[0]).toMatchObject({
      taskToken: 'local-task-token',
      migration: 'orders',
      kind: 'stage',
      stageIndex: 1,
      fromPercent: 20,
      toPercent: 50,
      gate: { verdict: 'pass' },
      bakeSeconds: 900,
      executionArn: EXECUTION_ARN,
      channel: 'C0123ABCD',
      approvers: { users: ['U0123ABCD'] },
      timeoutSeconds: 86_400,
      onTimeout: 'hold',
    });
    const eighty = world.documents().find((d) => d.producers.greenPercent === 80);
    expect(eighty?.updatedBy).toBe('U0123ABCD');
    expect(eighty?.reason).toContain('approved by U0123ABCD');
  });

  it('NotifyStageRouting/NotifyCompletion/NotifyDecommission: a failing notifier never stops the rollout', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.faults.notify = () => named('SlackError');
    // Act
    const result = await world.run();
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(world.notifications).toEqual([]);
  });

  it('Retry: a transient Lambda error is retried and the rollout goes on', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.faults.setRouting = (call) => (call === 2 ? named('Lambda.ServiceException') : undefined);
    // Act
    const result = await world.run();
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(result.states.filter((s) => s === 'SetStageRouting')).toHaveLength(4);
    expect(world.calls.setRouting).toBe(6);
  });
});

describe('rollout: gate failures roll back', () => {
  it.each([0, 1, 2, 3])('GateVerdict fail at stage %i → RollBack, green drained, consumers leave green', async (stage) => {
    // Prepare
    const world = new RolloutWorld();
    world.greenLag = (current) => (current === stage ? 50_000 : 5);
    // Act
    const result = await world.run();
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutRolledBack' });
    expect(
      visits(result.states, [
        'RollbackOnGateFailure',
        'RollBack',
        'StartGreenDrain',
        'ConfirmGreenDrain',
        'DropGreenConsumers',
        'RolledBackOutcome',
        'ReleaseLock',
        'RolloutRolledBack',
      ]),
    ).toBe(true);
    const percents = world.documents().map((d) => d.producers.greenPercent);
    expect(Math.max(...percents)).toBe([20, 50, 80, 100][stage]);
    expect(world.latest()).toMatchObject({ phase: 'rolled-back', producers: { greenPercent: 0 }, consumers: { blue: true, green: false } });
    const marker = JSON.parse((await world.store.get(MARKER)) ?? '{}');
    expect(marker.scenario).toBe(stage === 3 ? 'after-cutover' : 'early-canary');
    expect(marker.reason).toContain(`stage ${stage + 1} gates fail`);
    expect(await world.lock()).toBeNull();
  });

  it('RollBack Catch → RollbackFailed: a rollback that keeps failing ends the run loudly', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.greenLag = () => 50_000;
    world.faults.rollback = () => named('AwsCallError');
    // Act
    const result = await world.run();
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'rollback-failed' });
    expect(result.cause).toContain('ROLLBACK FAILED');
    expect(world.calls.rollback).toBe(11);
    expect(world.notifications.at(-1)?.kind).toBe('rollback');
  });

  it('GreenDrained timedOut → GreenStillConsumed: consumers keep reading green', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.greenLag = () => 50_000;
    world.green.produce('orders', 1, 40);
    // Act
    const result = await world.run(quickDrain);
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutRolledBack' });
    expect(visits(result.states, ['ConfirmGreenDrain', 'GreenDrained', 'GreenStillConsumed', 'NotifyOutcome'])).toBe(true);
    expect(result.cause).toContain('not proven drained');
    expect(world.latest()?.consumers).toEqual({ blue: true, green: true });
  });

  it('ConfirmGreenDrain Catch → GreenStillConsumed', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.greenLag = () => 50_000;
    world.faults.confirmDrain = (_call, event) =>
      (event as { cluster: string }).cluster === 'green' ? new KafkaAdminError('listTopics', 'KafkaJSConnectionError') : undefined;
    // Act
    const result = await world.run();
    // Assess
    expect(visits(result.states, ['ConfirmGreenDrain', 'GreenStillConsumed'])).toBe(true);
    expect(world.latest()?.consumers.green).toBe(true);
  });

  it('DropGreenConsumers Catch → GreenStillConsumed', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.greenLag = () => 50_000;
    world.faults.setRouting = (_call, event) => ((event as { action: string }).action === 'confirm-drain' ? named('AwsCallError') : undefined);
    // Act
    const result = await world.run();
    // Assess
    expect(visits(result.states, ['DropGreenConsumers', 'GreenStillConsumed'])).toBe(true);
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutRolledBack' });
  });
});

describe('rollout: holds end the run so that a later one resumes', () => {
  it('GateVerdict inconclusive → HoldOnInconclusiveGates: missing metrics never pass a stage', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.greenClientMetricsMissing = true;
    // Act
    const result = await world.run();
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutHeld' });
    expect(result.cause).toContain('holding at 20% green');
    expect(world.route()).toEqual(['idle:0', 'canary:20']);
    expect(await world.lock()).toBeNull();
    expect(world.notifications.at(-1)?.kind).toBe('hold');
  });

  it('BlueDrained timedOut → HoldOnDrainTimeout names the partitions that still block', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.blue.produce('orders', 1, 10);
    // Act
    const result = await world.run(quickDrain);
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutHeld' });
    expect(result.cause).toContain('lag billing orders/1 (10)');
    expect(world.latest()).toMatchObject({ phase: 'draining', consumers: { blue: true, green: true } });
    expect(result.states.filter((s) => s === 'WaitForBlueDrain').length).toBeGreaterThanOrEqual(4);
  });

  it('ConfirmBlueDrain Catch → HoldOnDrainError: an unreadable drain after the cutover holds, never rolls back; a rerun resumes the drain', async () => {
    // Prepare: blue's brokers refuse the controller's credentials after the cutover
    const world = new RolloutWorld();
    world.faults.confirmDrain = (_call, event) => ((event as { cluster: string }).cluster === 'blue' ? named('KafkaCredentialsError') : undefined);
    // Act
    const held = await world.run();
    const afterHold = { route: world.latest(), lock: await world.lock() };
    world.faults.confirmDrain = undefined;
    const resumed = await world.run({}, { executionArn: OTHER_EXECUTION_ARN });
    // Assess
    expect(held).toMatchObject({ status: 'FAILED', error: 'RolloutHeld' });
    expect(visits(held.states, ['ConfirmBlueDrain', 'HoldOnDrainError', 'NotifyOutcome', 'ReleaseLock', 'RolloutHeld'])).toBe(true);
    expect(held.states).not.toContain('RollBack');
    expect(afterHold).toEqual({
      route: expect.objectContaining({ phase: 'draining', producers: { greenPercent: 100 }, consumers: { blue: true, green: true } }),
      lock: null,
    });
    expect(held.cause).toBe(
      'orders: holding after the cutover: the drain of blue could not be checked (KafkaCredentialsError); producers stay on green, consumers read both. Start the rollout again to resume the drain.',
    );
    expect(world.notifications.find((n) => n.text === held.cause)?.kind).toBe('hold');
    expect(await world.store.get(MARKER)).toBeNull();
    expect(resumed.status).toBe('SUCCEEDED');
    expect(resumed.states).not.toContain('SetStageRouting');
    expect(world.route()).toEqual(['idle:0', 'canary:20', 'canary:50', 'canary:80', 'draining:100', 'complete:100']);
  });

  it('ConfirmBlueDrain Retry: a transient Kafka error is retried before anything holds', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.faults.confirmDrain = (call) => (call === 1 ? new KafkaAdminError('listTopics', 'KafkaJSConnectionError') : undefined);
    // Act
    const result = await world.run();
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(result.states).not.toContain('HoldOnDrainError');
  });

  it('StageRoutingApplied default → HoldOnRoutingRefusal: a route changed by hand is not overridden', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.approve = () => {
      void world.store.write('orders', routingDoc({ revision: 50, phase: 'canary', producers: { greenPercent: 30 }, consumers: { blue: true, green: true } }));
      return { decision: 'approved', approver: 'U0123ABCD' };
    };
    // Act
    const result = await world.run();
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutHeld' });
    expect(result.cause).toContain('routing refused (unknown-stage)');
    expect(world.latest()?.producers.greenPercent).toBe(30);
  });
});

describe('rollout: approvals', () => {
  it('ApprovalRejected → StageRejected → RollbackOnRejection: rolls back naming the approver, drains green, frees the lock', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.approve = () => {
      throw named('ApprovalRejected', 'Rejected by Bob (U0456BOB) at 2026-05-04T10:31:00.000Z: lag on ledger');
    };
    // Act
    const result = await world.run();
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutRolledBack' });
    const path = [
      'RequestStageApproval',
      'StageRejected',
      'RollbackOnRejection',
      'RollBack',
      'StartGreenDrain',
      'ConfirmGreenDrain',
      'DropGreenConsumers',
      'RolledBackOutcome',
      'NotifyOutcome',
      'ReleaseLock',
      'RolloutRolledBack',
    ];
    expect(visits(result.states, path)).toBe(true);
    expect(result.states.filter((s) => s === 'SetStageRouting')).toHaveLength(2);
    expect(world.documents().some((d) => d.producers.greenPercent === 80)).toBe(false);
    expect(world.latest()).toMatchObject({ phase: 'rolled-back', producers: { greenPercent: 0 }, consumers: { blue: true, green: false } });
    const marker = JSON.parse((await world.store.get(MARKER)) ?? '{}');
    expect(marker.reason).toBe('50% green not approved: Rejected by Bob (U0456BOB) at 2026-05-04T10:31:00.000Z: lag on ledger');
    expect(marker.scenario).toBe('early-canary');
    expect(world.stopped).toEqual([]);
    expect(world.notifications.at(-1)).toMatchObject({ kind: 'rollback' });
    expect(result.cause).toContain('Rejected by Bob (U0456BOB)');
    expect(await world.lock()).toBeNull();
  });

  it('StageRejected default → RollbackOnUnexplainedRejection: a rejection without a cause still rolls back', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.approve = () => {
      throw named('ApprovalRejected', '');
    };
    // Act
    const result = await world.run();
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutRolledBack' });
    expect(visits(result.states, ['StageRejected', 'RollbackOnUnexplainedRejection', 'RollBack', 'StartGreenDrain'])).toBe(true);
    expect(JSON.parse((await world.store.get(MARKER)) ?? '{}').reason).toBe('50% green not approved: the approval was rejected');
  });

  it('RollbackOnRejection: a rejection reason longer than a marker holds is clipped, never a failed rollback', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.approve = () => {
      throw named('ApprovalRejected', `Rejected by alice via the CLI at 2026-05-04T10:31:00.000Z: ${'x'.repeat(2000)}`);
    };
    // Act
    const result = await world.run();
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutRolledBack' });
    expect(world.calls.rollback).toBe(1);
    const marker = JSON.parse((await world.store.get(MARKER)) ?? '{}');
    expect(marker.reason).toHaveLength(900);
    expect(marker.reason.startsWith('50% green not approved: Rejected by alice')).toBe(true);
  });

  it('RolledBack → RolledBackByOperator: the button rolled back, the run drains green', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.approve = () => {
      throw named('RolledBack');
    };
    world.before.requestApproval = async () => void (await world.rollbackNow('Roll back now'));
    // Act
    const result = await world.run();
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutRolledBack' });
    expect(visits(result.states, ['RequestStageApproval', 'RolledBackByOperator', 'ConfirmGreenDrain', 'DropGreenConsumers'])).toBe(true);
    expect(world.latest()).toMatchObject({ phase: 'rolled-back', consumers: { green: false } });
  });

  it('States.Timeout → ApprovalTimedOut → HoldOnApprovalTimeout (onApprovalTimeout: hold)', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.approve = () => {
      throw named('States.Timeout');
    };
    // Act
    const result = await world.run();
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutHeld' });
    expect(result.cause).toContain('nobody approved in time');
  });

  it('States.Timeout → ApprovalTimedOut → RollbackOnApprovalTimeout (onApprovalTimeout: rollback)', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.approve = () => {
      throw named('States.Timeout');
    };
    // Act
    const result = await world.run({ onApprovalTimeout: 'rollback' });
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutRolledBack' });
    expect(visits(result.states, ['ApprovalTimedOut', 'RollbackOnApprovalTimeout', 'RollBack'])).toBe(true);
  });

  it('RequestStageApproval Catch States.ALL → RollbackOnError', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.approve = () => {
      throw named('TypeError');
    };
    // Act
    const result = await world.run();
    // Assess
    expect(visits(result.states, ['RequestStageApproval', 'RollbackOnError', 'RollBack'])).toBe(true);
    expect(JSON.parse((await world.store.get(MARKER)) ?? '{}').reason).toBe('a rollout step failed: TypeError');
  });

  it('Retry: an approval request that could not be posted is posted again', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.faults.requestApproval = (call) => (call === 1 ? named('ApprovalNotPostedError') : undefined);
    // Act
    const result = await world.run();
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(world.calls.requestApproval).toBe(2);
  });
});

describe('rollout: step failures roll back', () => {
  it.each([
    ['SetStageRouting', 'setRouting', (e: { action?: string }) => e.action === 'stage'],
    ['EvaluateGates', 'evaluateGates', () => true],
  ] as const)('%s Catch → RollbackOnError', async (state, key, when) => {
    // Prepare
    const world = new RolloutWorld();
    world.faults[key] = (_call, event) => (when(event as { action?: string }) ? named('AwsCallError') : undefined);
    // Act
    const result = await world.run();
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutRolledBack' });
    expect(visits(result.states, [state, 'RollbackOnError', 'RollBack', 'StartGreenDrain'])).toBe(true);
    expect(world.latest()?.phase).toBe('rolled-back');
  });

  it('StageRoutingApplied rolled-back → RolledBackElsewhere: an operator rollback wins over the next stage', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.before.requestApproval = async () => void (await world.rollbackNow());
    // Act
    const result = await world.run();
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutRolledBack' });
    expect(visits(result.states, ['SetStageRouting', 'RolledBackElsewhere', 'ConfirmGreenDrain'])).toBe(true);
    expect(world.documents().some((d) => d.producers.greenPercent === 80)).toBe(false);
    expect(world.stopped).toEqual([EXECUTION_ARN]);
  });

  it('RolloutCompleted rolled-back → RolledBackElsewhere: a rollback during the drain wins over completion', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.before.confirmDrain = async (call) => {
      if (call === 3) await world.rollbackNow('alarm during drain');
    };
    // Act
    const result = await world.run();
    // Assess
    expect(visits(result.states, ['CompleteRollout', 'RolloutCompleted', 'RolledBackElsewhere'])).toBe(true);
    expect(world.documents().some((d) => d.phase === 'complete')).toBe(false);
  });

  it('RolloutCompleted default → HoldOnRoutingRefusal', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.before.confirmDrain = async (call) => {
      if (call === 3)
        await world.store.write(
          'orders',
          routingDoc({ revision: 90, phase: 'canary', producers: { greenPercent: 80 }, consumers: { blue: true, green: true } }),
        );
    };
    // Act
    const result = await world.run();
    // Assess
    expect(visits(result.states, ['CompleteRollout', 'RolloutCompleted', 'HoldOnRoutingRefusal'])).toBe(true);
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutHeld' });
  });
});

describe('rollout: preflight', () => {
  it('PreflightPassed default → NotifyRefusal: an invalid plan is refused before the lock', async () => {
    // Prepare
    const world = new RolloutWorld();
    // Act
    const result = await world.run({ stages: [{ greenPercent: 100 }] });
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutRefused' });
    expect(visits(result.states, ['Preflight', 'PreflightPassed', 'NotifyRefusal', 'RefusedOutcome', 'ReleaseLock', 'RolloutRefused'])).toBe(true);
    expect(world.documents()).toEqual([]);
    expect(await world.lock()).toBeNull();
  });

  it('Preflight Catch → PreflightFailed: an unreadable routing parameter stops the run and frees the lock', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.store.writeText('orders', '{ not json');
    // Act
    const result = await world.run();
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'failed' });
    expect(result.cause).toBe('preflight failed: UnreadableRoutingDocumentError');
    expect(await world.lock()).toBeNull();
  });

  it('lock contention: a second rollout is refused and the first one keeps its lock', async () => {
    // Prepare
    const world = new RolloutWorld();
    await world.store.create(`${PREFIX}/orders/lock`, OTHER_EXECUTION_ARN);
    // Act
    const result = await world.run();
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'RolloutRefused' });
    expect(result.cause).toContain(OTHER_EXECUTION_ARN);
    expect(await world.lock()).toBe(OTHER_EXECUTION_ARN);
    expect(world.documents()).toEqual([]);
  });

  it('Preflight takes over the lock of an execution stopped from outside, and the run completes and releases it', async () => {
    // Prepare: an earlier execution was stopped by hand and never ran ReleaseLock
    const world = new RolloutWorld();
    await world.store.create(`${PREFIX}/orders/lock`, OTHER_EXECUTION_ARN);
    world.executionStatus = (arn) => (arn === OTHER_EXECUTION_ARN ? 'ABORTED' : 'RUNNING');
    // Act
    const result = await world.run();
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(world.documents().every((d) => d.executionArn === undefined || d.executionArn === EXECUTION_ARN)).toBe(true);
    expect(await world.lock()).toBeNull();
  });

  it('lock contention: a rollout started while another waits for approval is refused', async () => {
    // Prepare
    const world = new RolloutWorld();
    const second: unknown[] = [];
    world.before.requestApproval = async () => void second.push(await world.run({}, { executionArn: OTHER_EXECUTION_ARN }));
    // Act
    const first = await world.run();
    // Assess
    expect(second[0]).toMatchObject({ status: 'FAILED', error: 'RolloutRefused' });
    expect(first.status).toBe('SUCCEEDED');
    expect(world.documents().every((d) => d.executionArn !== OTHER_EXECUTION_ARN)).toBe(true);
  });

  it('refuses after a rollback unless acknowledged; acknowledged, it clears the marker and starts over', async () => {
    // Prepare
    const world = new RolloutWorld();
    await world.store.create(MARKER, JSON.stringify({ at: '2026-05-01T00:00:00Z', by: 'alarm', reason: 'lag', scenario: 'early-canary' }));
    await world.store.write('orders', routingDoc({ revision: 7, phase: 'rolled-back', consumers: { blue: true, green: false } }));
    // Act
    const refused = await world.run();
    const acknowledged = await world.run({}, { acknowledgeRollback: true, executionArn: OTHER_EXECUTION_ARN });
    // Assess
    expect(refused).toMatchObject({ status: 'FAILED', error: 'RolloutRefused' });
    expect(refused.cause).toContain('acknowledgeRollback');
    expect(acknowledged.status).toBe('SUCCEEDED');
    expect(await world.store.get(MARKER)).toBeNull();
    expect(world.route().slice(1, 3)).toEqual(['idle:0', 'canary:20']);
  });
});

describe('rollout: change window', () => {
  const tuesdayMornings = { days: ['tue' as const], start: '09:00', end: '17:00', timeZone: 'UTC' };

  it('WaitForChangeWindow: nothing routes to green before the window opens', async () => {
    // Prepare: Monday 10:00 UTC, the window opens on Tuesday 09:00
    const world = new RolloutWorld();
    // Act
    const result = await world.run({ window: tuesdayMornings });
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    const first = world.documents().find((d) => d.phase === 'canary');
    expect((first?.updatedAt ?? '') >= '2026-05-05T09:00:00.000Z').toBe(true);
  });

  it('StageRoutingApplied outside-window → WaitForStageWindow: a stage due after the window waits for the next one', async () => {
    // Prepare: 40 minutes of window; the cutover falls after it
    const world = new RolloutWorld();
    // Act
    const result = await world.run({ window: { ...tuesdayMornings, end: '09:40' } });
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(result.states).toContain('WaitForStageWindow');
    const cutover = world.documents().find((d) => d.phase === 'draining');
    expect(cutover?.updatedAt.startsWith('2026-05-12T09:00')).toBe(true);
  });
});

describe('rollout: resume', () => {
  it('resumes an interrupted rollout at the stage the routing document shows', async () => {
    // Prepare: an earlier execution reached 50 % and died (its lock was cleared)
    const world = new RolloutWorld();
    await world.store.write(
      'orders',
      routingDoc({ revision: 3, phase: 'canary', producers: { greenPercent: 50 }, consumers: { blue: true, green: true }, executionArn: OTHER_EXECUTION_ARN }),
    );
    // Act
    const result = await world.run();
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(world.route()).toEqual(['canary:50', 'canary:50', 'canary:80', 'draining:100', 'complete:100']);
    expect(world.documents()[1]?.reason).toContain('resumed at stage 2');
    expect(world.approvalRequests).toHaveLength(1);
  });

  it('resumes after a held run, and after the cutover straight at the drain', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.blue.produce('orders', 1, 10);
    const held = await world.run(quickDrain);
    world.blue.catchUp('billing', 'orders');
    // Act
    const resumed = await world.run(quickDrain, { executionArn: OTHER_EXECUTION_ARN });
    // Assess
    expect(held.error).toBe('RolloutHeld');
    expect(resumed.status).toBe('SUCCEEDED');
    expect(resumed.states).not.toContain('SetStageRouting');
    expect(world.latest()).toMatchObject({ phase: 'complete', executionArn: OTHER_EXECUTION_ARN });
  });
});

describe('rollout: decommission', () => {
  it('DecommissionMode default → DryRunDecommission: reports and deletes nothing', async () => {
    // Prepare
    const world = new RolloutWorld();
    // Act
    const result = await world.run();
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    const at = (state: string) => result.states.indexOf(state);
    expect(at('NotifyCompletion')).toBeGreaterThan(-1);
    expect([at('NotifyCompletion') < at('WaitForBlueQuiet'), at('WaitForBlueQuiet') < at('DecommissionMode')]).toEqual([true, true]);
    expect(world.clusters.deleted).toEqual([]);
    expect(world.archive.records).toEqual([]);
    expect(world.notifications.find((n) => n.kind === 'decommission')?.text).toContain('dry run: would delete orders-blue');
  });

  it('DecommissionMode delete → RequestDecommissionApproval → Decommission: snapshot first, then DeleteCluster', async () => {
    // Prepare
    const world = new RolloutWorld();
    // Act
    const result = await world.run({ decommission: 'delete' });
    // Assess
    expect(result.status).toBe('SUCCEEDED');
    expect(world.approvalRequests.at(-1)).toMatchObject({ kind: 'decommission', fromPercent: 100, toPercent: 100, gate: null });
    expect(world.clusters.deleted).toEqual([{ arn: BLUE_ARN, currentVersion: 'K3AEGXETSR30VB' }]);
    expect(world.archive.records[0]?.key).toMatch(/^orders\/decommission\/2026-.*Z\.json$/);
    expect(world.archive.records[0]?.document).toMatchObject({ cluster: { arn: BLUE_ARN }, topics: [{ name: 'orders' }, { name: 'payments' }] });
  });

  it('RequestDecommissionApproval ApprovalRejected → DecommissionRejectedBy: complete, blue kept, nothing rolls back', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.approve = (payload) => {
      if (payload.kind === 'decommission') throw named('ApprovalRejected', 'Rejected by Bob (U0456BOB) at 2026-05-04T10:31:00.000Z');
      return { decision: 'approved', approver: 'U0123ABCD' };
    };
    // Act
    const result = await world.run({ decommission: 'delete' });
    // Assess
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: { status: 'complete', kind: 'decommission' } });
    expect(
      visits(result.states, [
        'RequestDecommissionApproval',
        'DecommissionRejected',
        'DecommissionRejectedBy',
        'NotifyOutcome',
        'ReleaseLock',
        'RolloutComplete',
      ]),
    ).toBe(true);
    expect((result.output as { reason: string }).reason).toBe(
      'orders: migration complete; blue kept: the deletion was rejected (Rejected by Bob (U0456BOB) at 2026-05-04T10:31:00.000Z)',
    );
    expect(result.states).not.toContain('RollBack');
    expect(result.states).not.toContain('Decommission');
    expect(world.clusters.deleted).toEqual([]);
    expect(world.latest()).toMatchObject({ phase: 'complete', consumers: { blue: false, green: true } });
    expect(await world.store.get(MARKER)).toBeNull();
    expect(await world.lock()).toBeNull();
  });

  it.each([
    ['ApprovalRejected without a cause', named('ApprovalRejected', '')],
    ['States.Timeout', named('States.Timeout')],
  ])('RequestDecommissionApproval %s → DecommissionDeclined: complete, blue kept', async (_name, error) => {
    // Prepare
    const world = new RolloutWorld();
    world.approve = (payload) => {
      if (payload.kind === 'decommission') throw error;
      return { decision: 'approved', approver: 'U0123ABCD' };
    };
    // Act
    const result = await world.run({ decommission: 'delete' });
    // Assess
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: { status: 'complete' } });
    expect(visits(result.states, ['RequestDecommissionApproval', 'DecommissionDeclined', 'ReleaseLock', 'RolloutComplete'])).toBe(true);
    expect(world.clusters.deleted).toEqual([]);
  });

  it('DecommissionResult refused → DecommissionRefused: blue changed since preflight (CurrentVersion)', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.before.decommission = async () => {
      world.clusters.add({ arn: BLUE_ARN, name: 'orders-blue', state: 'ACTIVE', currentVersion: 'CHANGED' });
    };
    // Act
    const result = await world.run({ decommission: 'delete' });
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'decommission-refused' });
    expect(result.cause).toContain('version-matches');
    expect(world.clusters.deleted).toEqual([]);
    expect(world.archive.records).toEqual([]);
  });

  it('DecommissionResult refused → DecommissionRefused: a client is still connected to blue (blue-no-clients)', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.blueClients = (broker) => (broker === '2' ? 1 : 0);
    // Act
    const result = await world.run({ decommission: 'delete' });
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'decommission-refused' });
    expect(result.cause).toContain('blue-no-clients (clients still connected to blue (ClientConnectionCount minimum per minute): broker 2 (SASL/SCRAM)');
    expect(world.clusters.deleted).toEqual([]);
    expect(world.archive.records).toEqual([]);
  });

  it('Decommission Catch → DecommissionFailed', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.faults.decommission = () => named('AwsCallError');
    // Act
    const result = await world.run({ decommission: 'delete' });
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'decommission-failed' });
    expect(await world.lock()).toBeNull();
  });
});

describe('rollout: lock release', () => {
  it('ReleaseLock Catch → LockNotReleased', async () => {
    // Prepare
    const world = new RolloutWorld();
    world.faults.releaseLock = () => named('AwsCallError');
    // Act
    const result = await world.run();
    // Assess
    expect(result).toMatchObject({ status: 'FAILED', error: 'LockNotReleased' });
    expect(world.calls.releaseLock).toBe(11);
  });
});
