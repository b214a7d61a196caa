import { describe, expect, it } from 'vitest';
import { acceptApprovalClick } from '../../../../src/controller/approvals/accept-approval-click.ts';
import { MemoryApprovalStore } from '../../../../src/local/memory-approval-store.ts';
import type { ApprovalJob } from '../../../../src/ports/index.ts';
import { ALICE, approvalRecord, captureLogger, T0 } from '../../../support/approval-fixtures.ts';

describe('acceptApprovalClick', () => {
  it("reads the earlier decision and the record at once: one round trip less inside Slack's three seconds", async () => {
    // Prepare: both reads wait until the other one has started.
    const approvals = new MemoryApprovalStore();
    await approvals.put(approvalRecord());
    const started: string[] = [];
    let release: () => void = () => undefined;
    const bothStarted = new Promise<void>((resolve) => {
      release = resolve;
    });
    const gate = async <T>(name: string, read: () => Promise<T>): Promise<T> => {
      started.push(name);
      if (started.length === 2) release();
      await bothStarted;
      return read();
    };
    const ports = {
      approvals: Object.assign(Object.create(approvals) as MemoryApprovalStore, {
        decision: (m: string, id: string) => gate('decision', () => approvals.decision(m, id)),
        get: (m: string, id: string) => gate('record', () => approvals.get(m, id)),
        claim: approvals.claim.bind(approvals),
      }),
      channel: { post: async () => undefined, settle: async () => undefined, tell: async () => undefined, groupMembers: async () => [] },
      queue: { enqueue: async (_job: ApprovalJob) => undefined },
      clock: { now: () => T0 + 60_000 },
      logger: captureLogger(),
    };
    const click = {
      migration: 'payments',
      approvalId: approvalRecord().approvalId,
      action: 'approve' as const,
      user: { id: ALICE },
      responseUrl: 'https://hooks.slack.com/x',
      original: {},
    };
    // Act
    const outcome = await acceptApprovalClick(ports)(click);
    // Assess
    expect(started.sort()).toEqual(['decision', 'record']);
    expect(outcome.kind).toBe('accepted');
  });
});
