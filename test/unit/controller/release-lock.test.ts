import { describe, expect, it } from 'vitest';
import { releaseLock } from '../../../src/controller/release-lock.ts';
import { acquireLock, lockName } from '../../../src/controller/rollout-lock.ts';
import { MemoryRoutingStore } from '../../../src/local/memory-routing-store.ts';
import type { CreateOnlyFlags } from '../../../src/ports.ts';
import { recordingLogger } from '../../support/controller-fakes.ts';
import { EXECUTION_ARN, OTHER_EXECUTION_ARN, planInput } from '../../support/rollout-fixtures.ts';

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
    expect(await run(flags)({ execution: { plan: planInput() }, executionArn: EXECUTION_ARN })).toEqual({ released: false, holder: OTHER_EXECUTION_ARN, migration: 'orders' });
    expect(await flags.get(LOCK)).toBe(OTHER_EXECUTION_ARN);
  });

  it.each([[{}], [{ plan: { migration: 'Not Valid' } }], [null]])('has nothing to release without a valid migration id (%j)', async (execution) => {
    expect(await run(new MemoryRoutingStore())({ execution, executionArn: EXECUTION_ARN })).toEqual({ released: false, holder: null, migration: null });
  });

  it('throws without an execution ARN', async () => {
    await expect(run(new MemoryRoutingStore())({ execution: {} })).rejects.toMatchObject({ name: 'InvalidStepInputError' });
  });
});
