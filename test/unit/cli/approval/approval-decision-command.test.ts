import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsCallError, SecretUnavailableError } from '../../../../src/aws/errors.ts';
import { SfnExecutionControl } from '../../../../src/aws/sfn-execution-control.ts';
import { approvalDecisionCommand } from '../../../../src/cli/approval/approval-decision-command.ts';
import { MemoryApprovalStore } from '../../../../src/local/memory-approval-store.ts';
import type { ApprovalMessageEditor } from '../../../../src/ports/index.ts';
import { SlackApiError } from '../../../../src/slack/errors.ts';
import { createSlackApprovalMessageEditor } from '../../../../src/slack/slack-approval-message-editor.ts';
import { createSlackWebApi } from '../../../../src/slack/web-api.ts';
import { ALICE, approvalRecord, fakeSlackApi, gateResult, T0, TASK_TOKEN } from '../../../support/approval-fixtures.ts';

const OPERATOR = 'arn:aws:sts::111122223333:assumed-role/sre/jo';
const sfn = mockClient(SFNClient);

function setUp(now = T0 + 60_000, messages?: ApprovalMessageEditor) {
  const approvals = new MemoryApprovalStore();
  const out = { stdout: '', stderr: '' };
  const io = { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) }, cwd: '/' };
  const prefixes: string[] = [];
  const load = async (prefix: string) => {
    prefixes.push(prefix);
    const executions = new SfnExecutionControl(new SFNClient({}));
    return { approvals, executions, clock: { now: () => now }, whoAmI: async () => OPERATOR, ...(messages ? { messages } : {}) };
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

  it('a decision that reached the workflow stands when the record cannot be removed (release-lock sweeps it)', async () => {
    // Prepare
    const { approvals, out, run } = setUp();
    await approvals.put(approvalRecord());
    approvals.remove = () => Promise.reject(Object.assign(new Error('denied'), { name: 'AwsCallError' }));
    // Act
    const code = await run('approve', 'payments');
    // Assess
    expect(code).toBe(0);
    expect(out.stdout).toBe(`Approved stage 2 of payments (20% → 50%) as ${OPERATOR}.\n`);
    expect(await approvals.decision('payments', approvalRecord().approvalId)).toMatchObject({ by: OPERATOR });
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
      slackMessage: 'no-message',
    });
    expect(out.stdout).not.toContain(TASK_TOKEN);
  });

  describe('the Slack request of a CLI decision', () => {
    const MESSAGE = { channel: 'C0PAYMENTS', ts: '1777777777.001001' };
    const BOT_TOKEN = 'xoxb-1111-2222-secretbot';
    const posted = () => approvalRecord({ message: MESSAGE, evidence: { gate: gateResult(), bakeSeconds: 900 } });

    it('is edited with the bot token: the evidence stays, the buttons go, the decision shows who and when', async () => {
      // Prepare
      const slack = fakeSlackApi();
      const { approvals, out, run } = setUp(T0 + 60_000, createSlackApprovalMessageEditor(slack.api));
      await approvals.put(posted());
      // Act
      const code = await run('reject', 'payments', '--reason', 'green lag spikes');
      // Assess
      expect(code).toBe(0);
      expect(slack.updates).toHaveLength(1);
      const update = slack.updates[0]!;
      expect([update.channel, update.ts]).toEqual([MESSAGE.channel, MESSAGE.ts]);
      const blocks = JSON.stringify(update.blocks);
      expect(blocks).not.toContain('"type":"actions"');
      expect(blocks).toContain('Lag per cluster');
      expect(blocks).toContain(`Rejected by \`${OPERATOR}\` with the CLI at <!date^${(T0 + 60_000) / 1000}^`);
      expect(out.stdout).toContain('The Slack request now shows the decision; its buttons are gone.\n');
      expect(out.stderr).toBe('');
    });

    it('is left as it is when the credentials cannot read the bot token: the decision stands, one line says why', async () => {
      // Prepare
      const denied = new AwsCallError('GetParameter', 'AccessDeniedException', {
        cause: new Error(`User arn:aws:iam::1:user/jo is not authorized ${BOT_TOKEN}`),
      });
      const api = createSlackWebApi({ token: () => Promise.reject(denied), fetch: () => Promise.reject(new Error('no Slack call expected')) });
      const { approvals, out, run } = setUp(T0 + 60_000, createSlackApprovalMessageEditor(api));
      await approvals.put(posted());
      // Act
      const code = await run('approve', 'payments');
      // Assess
      expect(code).toBe(0);
      expect(sfn.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
      expect(out.stdout).toBe(`Approved stage 2 of payments (20% → 50%) as ${OPERATOR}.\n`);
      expect(out.stderr).toBe(
        'The Slack message was not updated (your AWS credentials may not read the Slack bot token (ssm:GetParameter with decryption was denied)); its buttons answer "already decided".\n',
      );
      expect(await approvals.decision('payments', approvalRecord().approvalId)).toMatchObject({ by: OPERATOR, via: 'cli' });
    });

    it.each([
      {
        name: 'a missing token',
        error: new SecretUnavailableError('/kraft-canary/slack/bot-token'),
        why: 'the Slack bot token parameter /kraft-canary/slack/bot-token is missing or empty',
      },
      { name: 'Slack refusing', error: new SlackApiError('chat.update', 'message_not_found', false), why: 'Slack refused chat.update (message_not_found)' },
      { name: 'Slack unreachable', error: new SlackApiError('chat.update', 'timeout', true), why: 'Slack could not be reached (timeout)' },
    ])('--json with $name: applied, slackMessage not-updated and why, never a secret', async ({ error, why }) => {
      // Prepare
      const editor: ApprovalMessageEditor = { settle: () => Promise.reject(error) };
      const { approvals, out, run } = setUp(T0 + 60_000, editor);
      await approvals.put(posted());
      // Act
      const code = await run('approve', 'payments', '--json');
      // Assess
      expect(code).toBe(0);
      expect(JSON.parse(out.stdout)).toMatchObject({ ok: true, outcome: 'applied', slackMessage: 'not-updated', slackMessageProblem: why });
      expect(out.stdout).not.toContain(TASK_TOKEN);
    });

    it('needs no Slack call when the request was posted nowhere', async () => {
      // Prepare
      const slack = fakeSlackApi();
      const { approvals, out, run } = setUp(T0 + 60_000, createSlackApprovalMessageEditor(slack.api));
      await approvals.put(approvalRecord({ channel: null }));
      // Act
      const code = await run('approve', 'payments');
      // Assess
      expect(code).toBe(0);
      expect(slack.updates).toEqual([]);
      expect(out.stdout).toBe(`Approved stage 2 of payments (20% → 50%) as ${OPERATOR}.\n`);
    });
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
