import { describe, expect, it } from 'vitest';
import { sweepApprovals, sweepable } from '../../../../src/controller/approvals/sweep-approvals.ts';
import type { ApprovalHousekeeping, StoredApprovalEntry } from '../../../../src/ports/index.ts';
import { recordingLogger } from '../../../support/fakes/recording-logger.ts';

const NOW = Date.parse('2026-05-04T03:00:00.000Z');
const ENDING = 'arn:aws:states:eu-west-1:111122223333:execution:kraft-canary-ci-orders:ending';
const LIVE = 'arn:aws:states:eu-west-1:111122223333:execution:kraft-canary-ci-orders:live';

const record = (approvalId: string, expiresAt: number | null, executionArn: string | null = LIVE): StoredApprovalEntry => ({
  kind: 'record',
  approvalId,
  expiresAt,
  executionArn,
});
const decision = (approvalId: string, expiresAt: number | null): StoredApprovalEntry => ({ kind: 'decision', approvalId, expiresAt, executionArn: null });
const ids = (entries: readonly StoredApprovalEntry[]) => entries.map((e) => `${e.kind}:${e.approvalId}`);

describe('sweepable', () => {
  it.each([
    { name: 'an expired record and its decision go', entries: [record('a', NOW - 1), decision('a', NOW - 1)], going: ['record:a', 'decision:a'] },
    { name: 'a record expiring right now goes', entries: [record('a', NOW)], going: ['record:a'] },
    {
      name: 'a live approval of another execution stays, decided or not',
      entries: [record('a', NOW + 1), decision('a', NOW + 1), record('b', NOW + 1)],
      going: [],
    },
    {
      name: "the ending execution's records go before their expiry (a state timeout fires first)",
      entries: [record('a', NOW + 5_000, ENDING)],
      going: ['record:a'],
    },
    {
      name: 'a decision goes with its record even when it kept no expiry',
      entries: [record('a', NOW + 5_000, ENDING), decision('a', null)],
      going: ['record:a', 'decision:a'],
    },
    { name: 'an unreadable record goes (nothing can use it)', entries: [record('a', null, null)], going: ['record:a'] },
    { name: 'a decision without its record goes once past its expiry', entries: [decision('a', NOW - 1), decision('b', NOW + 1)], going: ['decision:a'] },
    { name: 'a decision without a record or an expiry goes (older format)', entries: [decision('a', null)], going: ['decision:a'] },
    { name: 'a kept record keeps its decision, even one past its own expiry', entries: [record('a', NOW + 1), decision('a', NOW - 1)], going: [] },
  ])('$name', ({ entries, going }) => {
    expect(ids(sweepable(entries, NOW, ENDING))).toEqual(going);
  });
});

function housekeeping(entries: StoredApprovalEntry[], overrides: Partial<ApprovalHousekeeping> = {}) {
  const deleted: StoredApprovalEntry[][] = [];
  const store: ApprovalHousekeeping = {
    entries: async () => entries,
    delete: async (_migration, going) => {
      deleted.push([...going]);
      return { deleted: going.length, failed: 0 };
    },
    ...overrides,
  };
  return { store, deleted };
}

describe('sweepApprovals', () => {
  it('deletes what may go and logs the counts', async () => {
    // Prepare
    const { store, deleted } = housekeeping([record('a', NOW - 1), decision('a', NOW - 1), record('b', NOW + 1)]);
    const logger = recordingLogger();
    // Act
    const result = await sweepApprovals({ housekeeping: store, clock: { now: () => NOW }, logger })('orders', ENDING);
    // Assess
    expect(result).toEqual({ found: 3, deleted: 2, failed: 0, kept: 1 });
    expect(deleted.map(ids)).toEqual([['record:a', 'decision:a']]);
    expect(logger.lines).toEqual([
      { level: 'info', message: 'approval sweep done', fields: { migration: 'orders', found: 3, deleted: 2, failed: 0, kept: 1 } },
    ]);
  });

  it('calls no delete when nothing may go', async () => {
    const { store, deleted } = housekeeping([record('b', NOW + 1)]);
    expect(await sweepApprovals({ housekeeping: store, clock: { now: () => NOW }, logger: recordingLogger() })('orders', ENDING)).toEqual({
      found: 1,
      deleted: 0,
      failed: 0,
      kept: 1,
    });
    expect(deleted).toEqual([]);
  });

  it.each([
    {
      name: 'listing fails',
      overrides: { entries: () => Promise.reject(Object.assign(new Error('denied: secret'), { name: 'AwsCallError' })) },
      result: null,
      fields: { migration: 'orders', error: 'AwsCallError' },
    },
    {
      name: 'deleting throws',
      overrides: { delete: () => Promise.reject(new Error('boom')) },
      result: { found: 1, deleted: 0, failed: 1, kept: 0 },
      fields: { migration: 'orders', found: 1, deleted: 0, failed: 1, kept: 0 },
    },
    {
      name: 'some batches fail',
      overrides: { delete: async () => ({ deleted: 0, failed: 1 }) },
      result: { found: 1, deleted: 0, failed: 1, kept: 0 },
      fields: { migration: 'orders', found: 1, deleted: 0, failed: 1, kept: 0 },
    },
  ])('never throws when $name: one warning with the counts', async ({ overrides, result, fields }) => {
    // Prepare
    const { store } = housekeeping([record('a', NOW - 1)], overrides);
    const logger = recordingLogger();
    // Act
    const outcome = await sweepApprovals({ housekeeping: store, clock: { now: () => NOW }, logger })('orders', ENDING);
    // Assess
    expect(outcome).toEqual(result);
    expect(logger.lines).toEqual([{ level: 'warn', message: expect.stringMatching(/^approval sweep (skipped|incomplete)/), fields }]);
    expect(JSON.stringify(logger.lines)).not.toContain('secret');
  });
});
