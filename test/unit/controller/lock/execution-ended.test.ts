import { describe, expect, it } from 'vitest';
import { executionEnded } from '../../../../src/controller/lock/execution-ended.ts';
import { lockName } from '../../../../src/controller/lock/rollout-lock.ts';
import { MemoryRoutingStore } from '../../../../src/local/memory-routing-store.ts';
import type { Notification } from '../../../../src/ports/index.ts';
import { recordingLogger } from '../../../support/fakes/recording-logger.ts';
import { EXECUTION_ARN, OTHER_EXECUTION_ARN, routingDoc } from '../../../support/rollout-fixtures.ts';

const LOCK = lockName('/kc', 'orders');

const statusEvent = (status: string, detail: Record<string, unknown> = {}) => ({
  source: 'aws.states',
  'detail-type': 'Step Functions Execution Status Change',
  detail: { executionArn: EXECUTION_ARN, stateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:rollout', name: 'run-1', status, ...detail },
});

function setup() {
  const store = new MemoryRoutingStore();
  const notifications: Notification[] = [];
  const logger = recordingLogger();
  const ports = { flags: store, routing: store, notifier: { notify: async (n: Notification) => void notifications.push(n) }, logger, prefix: '/kc' };
  return { store, notifications, logger, handle: executionEnded(ports, 'orders') };
}

describe('executionEnded', () => {
  it.each(['FAILED', 'TIMED_OUT', 'ABORTED'])(
    '%s while still holding the lock (no ReleaseLock ran): releases it and says where routing stands',
    async (status) => {
      // Prepare: States.DataLimitExceeded at 50 % green, say.
      const { store, notifications, handle } = setup();
      await store.create(LOCK, EXECUTION_ARN);
      await store.write('orders', routingDoc({ revision: 3, phase: 'canary', producers: { greenPercent: 50 }, consumers: { blue: true, green: true } }));
      // Act
      const outcome = await handle(statusEvent(status, { error: 'States.DataLimitExceeded' }));
      // Assess
      expect(outcome).toEqual({ kind: 'released', executionArn: EXECUTION_ARN, notified: true });
      expect(await store.get(LOCK)).toBeNull();
      expect(notifications).toHaveLength(1);
      expect(notifications[0]).toMatchObject({ migration: 'orders', kind: 'hold' });
      expect(notifications[0]?.text).toContain(`ended ${status} (States.DataLimitExceeded) before its own clean-up ran`);
      expect(notifications[0]?.text).toContain('canary, 50% of producers on green, revision 3');
      expect(notifications[0]?.text).toContain('kraft-canary rollback orders');
    },
  );

  it('an execution that ended through its own Fail state (lock already released, outcome notified) changes nothing', async () => {
    // Prepare: the next rollout already holds the lock.
    const { store, notifications, handle } = setup();
    await store.create(LOCK, OTHER_EXECUTION_ARN);
    // Act
    const outcome = await handle(statusEvent('FAILED', { error: 'RolloutHeld' }));
    // Assess
    expect(outcome).toEqual({ kind: 'ended-cleanly', executionArn: EXECUTION_ARN });
    expect(await store.get(LOCK)).toBe(OTHER_EXECUTION_ARN);
    expect(notifications).toEqual([]);
  });

  it('still releases the lock when Slack is down, and says so in the log', async () => {
    // Prepare
    const store = new MemoryRoutingStore();
    const logger = recordingLogger();
    await store.create(LOCK, EXECUTION_ARN);
    const notifier = { notify: async () => Promise.reject(Object.assign(new Error('down'), { name: 'SlackApiError' })) };
    // Act
    const outcome = await executionEnded({ flags: store, routing: store, notifier, logger, prefix: '/kc' }, 'orders')(statusEvent('ABORTED'));
    // Assess
    expect(outcome).toMatchObject({ kind: 'released', notified: false });
    expect(await store.get(LOCK)).toBeNull();
    expect(logger.lines.some((l) => l.message === 'execution-ended notification failed')).toBe(true);
  });

  it('says the route is unreadable rather than guess, and drops a malformed event without throwing', async () => {
    // Prepare
    const { store, notifications, handle } = setup();
    await store.create(LOCK, EXECUTION_ARN);
    store.writeText('orders', 'not json');
    // Act
    const malformed = await handle({ source: 'aws.states', detail: {} });
    await handle(statusEvent('TIMED_OUT', { name: undefined }));
    // Assess
    expect(malformed).toEqual({ kind: 'malformed' });
    expect(notifications[0]?.text).toContain('routing stays at unreadable');
    expect(notifications[0]?.text).toContain('execution run-1 ended TIMED_OUT before');
  });

  it('with no routing document yet says everything is on blue', async () => {
    const { store, notifications, handle } = setup();
    await store.create(LOCK, EXECUTION_ARN);
    await handle(statusEvent('FAILED'));
    expect(notifications[0]?.text).toContain('no routing document yet (all on blue)');
  });
});
