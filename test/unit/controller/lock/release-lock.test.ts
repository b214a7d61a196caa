import { describe, expect, it } from 'vitest';
import { releaseLock } from '../../../../src/controller/lock/release-lock.ts';
import { acquireLock, lockName, takeoverName } from '../../../../src/controller/lock/rollout-lock.ts';
import { MemoryRoutingStore } from '../../../../src/local/memory-routing-store.ts';
import type { ApprovalHousekeeping, CreateOnlyFlags, ExecutionStatus, StoredApprovalEntry } from '../../../../src/ports/index.ts';
import { recordingLogger } from '../../../support/fakes/recording-logger.ts';
import { EXECUTION_ARN, OTHER_EXECUTION_ARN, planInput } from '../../../support/rollout-fixtures.ts';

const LOCK = lockName('/kc', 'orders');

describe('acquireLock', () => {
  it('is create-only: the first execution wins, the same one may take it again', async () => {
    const flags = new MemoryRoutingStore();
    expect(await acquireLock(flags, '/kc', 'orders', EXECUTION_ARN)).toEqual({ held: true });
    expect(await acquireLock(flags, '/kc', 'orders', EXECUTION_ARN)).toEqual({ held: true });
    expect(await acquireLock(flags, '/kc', 'orders', OTHER_EXECUTION_ARN)).toEqual({ held: false, holder: EXECUTION_ARN });
  });

  it('takes a lock released between its create and its read', async () => {
    // Prepare: the first create loses, the holder releases before the read
    let creates = 0;
    const flags: CreateOnlyFlags = { create: async () => creates++ > 0, get: async () => null, remove: async () => undefined };
    // Act / Assess
    expect(await acquireLock(flags, '/kc', 'orders', EXECUTION_ARN)).toEqual({ held: true });
  });
});

describe('acquireLock over a lock whose holder ended without releasing it', () => {
  const statusOf = (status: ExecutionStatus) => {
    const asked: string[] = [];
    const describeExecution = async (arn: string) => {
      asked.push(arn);
      return status;
    };
    return { asked, describeExecution };
  };

  it.each(['RUNNING', 'PENDING_REDRIVE'] as const)('refuses while the holder is %s', async (status) => {
    // Prepare
    const flags = new MemoryRoutingStore();
    await flags.create(LOCK, OTHER_EXECUTION_ARN);
    const executions = statusOf(status);
    // Act
    const outcome = await acquireLock(flags, '/kc', 'orders', EXECUTION_ARN, executions);
    // Assess
    expect(outcome).toEqual({ held: false, holder: OTHER_EXECUTION_ARN, status });
    expect(executions.asked).toEqual([OTHER_EXECUTION_ARN]);
    expect(await flags.get(LOCK)).toBe(OTHER_EXECUTION_ARN);
    expect(await flags.get(takeoverName('/kc', 'orders', OTHER_EXECUTION_ARN))).toBeNull();
  });

  it.each(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'NOT_FOUND'] as const)(
    'takes over the lock of a %s holder and records the takeover',
    async (status) => {
      // Prepare
      const flags = new MemoryRoutingStore();
      await flags.create(LOCK, OTHER_EXECUTION_ARN);
      // Act
      const outcome = await acquireLock(flags, '/kc', 'orders', EXECUTION_ARN, statusOf(status));
      // Assess
      expect(outcome).toEqual({ held: true, tookOver: { holder: OTHER_EXECUTION_ARN, status } });
      expect(await flags.get(LOCK)).toBe(EXECUTION_ARN);
      expect(JSON.parse((await flags.get(takeoverName('/kc', 'orders', OTHER_EXECUTION_ARN))) ?? '{}')).toEqual({
        holder: OTHER_EXECUTION_ARN,
        status,
        by: EXECUTION_ARN,
      });
    },
  );

  it('without a way to ask Step Functions, any held lock refuses as before', async () => {
    const flags = new MemoryRoutingStore();
    await flags.create(LOCK, OTHER_EXECUTION_ARN);
    expect(await acquireLock(flags, '/kc', 'orders', EXECUTION_ARN)).toEqual({ held: false, holder: OTHER_EXECUTION_ARN });
  });

  it('refuses when the lock changed hands between the takeover claim and the removal', async () => {
    // Prepare: the takeover claim for the stale holder was already made by another rollout
    const flags = new MemoryRoutingStore();
    await flags.create(LOCK, OTHER_EXECUTION_ARN);
    await flags.create(takeoverName('/kc', 'orders', OTHER_EXECUTION_ARN), '{}');
    // Act
    const outcome = await acquireLock(flags, '/kc', 'orders', EXECUTION_ARN, statusOf('ABORTED'));
    // Assess
    expect(outcome).toEqual({ held: false, holder: OTHER_EXECUTION_ARN, status: 'ABORTED' });
    expect(await flags.get(LOCK)).toBe(OTHER_EXECUTION_ARN);
  });
});

describe('releaseLock', () => {
  const run = (flags: MemoryRoutingStore) => releaseLock({ flags, prefix: '/kc', logger: recordingLogger() });

  it('releases the lock this execution holds', async () => {
    const flags = new MemoryRoutingStore();
    await flags.create(LOCK, EXECUTION_ARN);
    expect(await run(flags)({ execution: { plan: planInput() }, executionArn: EXECUTION_ARN })).toEqual({ released: true, holder: null, migration: 'orders' });
    expect(await flags.get(LOCK)).toBeNull();
  });

  it("leaves another execution's lock alone", async () => {
    const flags = new MemoryRoutingStore();
    await flags.create(LOCK, OTHER_EXECUTION_ARN);
    expect(await run(flags)({ execution: { plan: planInput() }, executionArn: EXECUTION_ARN })).toEqual({
      released: false,
      holder: OTHER_EXECUTION_ARN,
      migration: 'orders',
    });
    expect(await flags.get(LOCK)).toBe(OTHER_EXECUTION_ARN);
  });

  it.each([[{}], [{ plan: { migration: 'Not Valid' } }], [null]])('has nothing to release without a valid migration id (%j)', async (execution) => {
    expect(await run(new MemoryRoutingStore())({ execution, executionArn: EXECUTION_ARN })).toEqual({ released: false, holder: null, migration: null });
  });

  describe('then sweeps the spent approvals', () => {
    const NOW = Date.parse('2026-05-04T03:00:00.000Z');
    const spent: StoredApprovalEntry = { kind: 'record', approvalId: 'aaaa0000', expiresAt: NOW - 1, executionArn: OTHER_EXECUTION_ARN };
    const live: StoredApprovalEntry = { kind: 'record', approvalId: 'bbbb0000', expiresAt: NOW + 1, executionArn: OTHER_EXECUTION_ARN };

    it("of the migration, also when the lock is another execution's (its live approvals stay)", async () => {
      // Prepare
      const flags = new MemoryRoutingStore();
      await flags.create(LOCK, OTHER_EXECUTION_ARN);
      const deleted: StoredApprovalEntry[] = [];
      const housekeeping: ApprovalHousekeeping = {
        entries: async (migration) => (migration === 'orders' ? [spent, live] : []),
        delete: async (_m, going) => {
          deleted.push(...going);
          return { deleted: going.length, failed: 0 };
        },
      };
      // Act
      const output = await releaseLock({ flags, prefix: '/kc', logger: recordingLogger(), approvals: { housekeeping, clock: { now: () => NOW } } })({
        execution: { plan: planInput() },
        executionArn: EXECUTION_ARN,
      });
      // Assess
      expect(output).toEqual({ released: false, holder: OTHER_EXECUTION_ARN, migration: 'orders' });
      expect(deleted).toEqual([spent]);
    });

    it('never fails the release because of the sweep', async () => {
      // Prepare
      const flags = new MemoryRoutingStore();
      await flags.create(LOCK, EXECUTION_ARN);
      const logger = recordingLogger();
      const housekeeping: ApprovalHousekeeping = { entries: async () => [spent], delete: () => Promise.reject(new Error('throttled')) };
      // Act
      const output = await releaseLock({ flags, prefix: '/kc', logger, approvals: { housekeeping, clock: { now: () => NOW } } })({
        execution: { plan: planInput() },
        executionArn: EXECUTION_ARN,
      });
      // Assess
      expect(output).toEqual({ released: true, holder: null, migration: 'orders' });
      expect(await flags.get(LOCK)).toBeNull();
      expect(logger.lines.at(-1)).toMatchObject({ level: 'warn', fields: { found: 1, deleted: 0, failed: 1, kept: 0 } });
    });
  });

  it('throws without an execution ARN', async () => {
    await expect(run(new MemoryRoutingStore())({ execution: {} })).rejects.toMatchObject({ name: 'InvalidStepInputError' });
  });
});
