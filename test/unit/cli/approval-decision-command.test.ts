import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SfnExecutionControl } from '../../../src/aws/sfn-execution-control.ts';
import { approvalDecisionCommand } from '../../../src/cli/approval-decision-command.ts';
import { MemoryApprovalStore } from '../../../src/local/memory-approval-store.ts';
import { ALICE, approvalRecord, T0, TASK_TOKEN } from '../../support/approval-fixtures.ts';

const OPERATOR = 'arn:aws:sts::111122223333:assumed-role/sre/jo';
const sfn = mockClient(SFNClient);

function setUp(now = T0 + 60_000) {
  const approvals = new MemoryApprovalStore();
  const out = { stdout: '', stderr: '' };
  const io = { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) }, cwd: '/' };
  const prefixes: string[] = [];
  const load = async (prefix: string) => {
    prefixes.push(prefix);
    return { approvals, executions: new SfnExecutionControl(new SFNClient({})), clock: { now: () => now }, whoAmI: async () => OPERATOR };
  };
  const run = (action: 'approve' | 'reject', ...args: string[]) => approvalDecisionCommand(action, load, {}).run(args, io);
  return { approvals, out, run, prefixes };
}

beforeEach(() => {
  sfn.reset();
  sfn.on(SendTaskSuccessCommand).resolves({}).on(SendTaskFailureCommand).resolves({});
});

describe('kraft-canary approve / reject', () => {
  it('approve sends SendTaskSuccess as the caller and removes the record', async () => {
    // Prepare
    const { approvals, out, run, prefixes } = setUp();
    await approvals.put(approvalRecord());
    // Act
    const code = await run('approve', 'payments');
    // Assess
    expect(code).toBe(0);
    expect(prefixes).toEqual(['/kraft-canary']);
    const input = sfn.commandCalls(SendTaskSuccessCommand)[0]!.args[0].input;
    expect(input.taskToken).toBe(TASK_TOKEN);
    expect(JSON.parse(input.output!)).toEqual({ decision: 'approved', approver: OPERATOR, via: 'cli', decidedAt: new Date(T0 + 60_000).toISOString() });
    expect(out.stdout).toBe(`Approved stage 2 of payments (20% → 50%) as ${OPERATOR}.\n`);
    expect(await approvals.list('payments')).toEqual([]);
    expect(await approvals.decision('payments', approvalRecord().approvalId)).toMatchObject({ by: OPERATOR, via: 'cli' });
  });

  it('reject says in its usage that a rejected stage rolls back and a rejected decommission keeps blue', async () => {
    // Prepare
    const { out, run } = setUp();
    // Act
    const code = await run('reject');
    // Assess
    expect(code).toBe(2);
    expect(out.stderr).toContain('Rejecting a stage rolls the rollout back');
    expect(out.stderr).toContain('rejecting the decommission keeps blue');
  });

  it('reject needs a reason and sends ApprovalRejected with it', async () => {
    // Prepare
    const { approvals, run } = setUp();
    await approvals.put(approvalRecord());
    // Act
    const withoutReason = await run('reject', 'payments');
    const code = await run('reject', 'payments', '--reason', 'green lag spikes', '--prefix', '/kc');
    // Assess
    expect([withoutReason, code]).toEqual([2, 0]);
    expect(sfn.commandCalls(SendTaskFailureCommand)[0]!.args[0].input).toMatchObject({
      taskToken: TASK_TOKEN,
      error: 'ApprovalRejected',
      cause: expect.stringContaining(`Rejected by ${OPERATOR} via the CLI at 2026-05-04T03:01:00.000Z: green lag spikes`),
    });
  });

  it.each([
    { name: 'none pending', records: [], want: 1, text: 'No approval is pending for payments' },
    { name: 'expired', records: [approvalRecord({ expiresAt: T0 })], want: 1, text: 'expired at 2026-05-04T03:00:00.000Z' },
    {
      name: 'several pending',
      records: [approvalRecord(), approvalRecord({ approvalId: 'ffff0000ffff0000ffff', createdAt: T0 + 1 })],
      want: 2,
      text: 'a1b2c3d4e5f60718293a, ffff0000ffff0000ffff',
    },
  ])('$name → exit $want, nothing sent', async ({ records, want, text }) => {
    const { approvals, out, run } = setUp();
    for (const r of records) await approvals.put(r);
    expect(await run('approve', 'payments')).toBe(want);
    expect(out.stderr).toContain(text);
    expect(sfn.calls()).toEqual([]);
  });

  it('an approval already decided in Slack is reported, not decided again', async () => {
    const { approvals, out, run } = setUp();
    await approvals.put(approvalRecord());
    await approvals.claim('payments', approvalRecord().approvalId, { action: 'approve', by: ALICE, at: T0, via: 'slack' });
    expect(await run('approve', 'payments', '--id', approvalRecord().approvalId)).toBe(1);
    expect(out.stderr).toContain(`Already decided: approve by ${ALICE}`);
    expect(sfn.calls()).toEqual([]);
  });

  it('a Step Functions failure withdraws the claim so the command can be run again', async () => {
    const { approvals, out, run } = setUp();
    await approvals.put(approvalRecord());
    sfn.on(SendTaskSuccessCommand).rejectsOnce(Object.assign(new Error('x'), { name: 'AccessDeniedException' }));
    expect(await run('approve', 'payments')).toBe(1);
    expect(out.stderr).toBe('kraft-canary approve: AwsCallError: SendTaskSuccess failed (AccessDeniedException)\n');
    expect(await approvals.decision('payments', approvalRecord().approvalId)).toBeNull();
    expect(await run('approve', 'payments')).toBe(0);
  });

  it('--json: the decision and the step, never the task token', async () => {
    // Prepare
    const { approvals, out, run } = setUp();
    await approvals.put(approvalRecord());
    // Act
    const code = await run('approve', 'payments', '--json');
    // Assess
    expect([code, out.stderr]).toEqual([0, '']);
    expect(JSON.parse(out.stdout)).toEqual({
      ok: true,
      action: 'approve',
      migration: 'payments',
      outcome: 'applied',
      approvalId: approvalRecord().approvalId,
      kind: 'stage',
      stageIndex: 1,
      fromPercent: 20,
      toPercent: 50,
      executionArn: approvalRecord().executionArn,
      decision: { action: 'approve', by: OPERATOR, at: new Date(T0 + 60_000).toISOString(), via: 'cli' },
    });
    expect(out.stdout).not.toContain(TASK_TOKEN);
  });

  it.each([
    { name: 'none pending', records: [], want: 1, body: { ok: false, action: 'reject', migration: 'payments', outcome: 'none-pending' } },
    {
      name: 'several pending',
      records: [approvalRecord(), approvalRecord({ approvalId: 'ffff0000ffff0000ffff', createdAt: T0 + 1 })],
      want: 2,
      body: { ok: false, action: 'reject', migration: 'payments', outcome: 'ambiguous', approvalIds: ['a1b2c3d4e5f60718293a', 'ffff0000ffff0000ffff'] },
    },
  ])('--json $name → exit $want', async ({ records, want, body }) => {
    const { approvals, out, run } = setUp();
    for (const r of records) await approvals.put(r);
    expect(await run('reject', 'payments', '--reason', 'no', '--json')).toBe(want);
    expect(JSON.parse(out.stdout)).toEqual(body);
    expect(out.stderr).toBe('');
  });

  it.each([[[]], [['Payments!']], [['a', 'b']], [['payments', '--bogus']]])('wrong usage %j → exit 2', async (args) => {
    const { run } = setUp();
    expect(await run('approve', ...args)).toBe(2);
  });
});
