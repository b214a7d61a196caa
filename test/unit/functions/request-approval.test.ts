import { describe, expect, it } from 'vitest';
import { createRequestApprovalHandler, newApprovalId } from '../../../functions/request-approval.ts';
import { EVIDENCE_RECORD_LIMIT } from '../../../src/controller/approvals/request-approval.ts';
import { MemoryApprovalStore } from '../../../src/local/memory-approval-store.ts';
import { SlackApiError } from '../../../src/slack/errors.ts';
import { ALICE, captureLogger, EXECUTION_ARN, fakeSlackApi, GROUP, gateResult, slackChannel, T0, TASK_TOKEN } from '../../support/approval-fixtures.ts';

const payload = (overrides: Record<string, unknown> = {}) => ({
  taskToken: TASK_TOKEN,
  migration: 'payments',
  kind: 'stage',
  stageIndex: 1,
  fromPercent: 20,
  toPercent: 50,
  gate: gateResult(),
  bakeSeconds: 912,
  executionArn: EXECUTION_ARN,
  channel: 'C0PAYMENTS',
  approvers: { users: [ALICE], userGroup: GROUP },
  timeoutSeconds: 3600,
  onTimeout: 'hold',
  ...overrides,
});

function setUp() {
  const approvals = new MemoryApprovalStore();
  const slack = fakeSlackApi();
  const logger = captureLogger();
  const handler = createRequestApprovalHandler({
    approvals,
    channel: slackChannel(slack.api),
    clock: { now: () => T0 },
    logger,
    newApprovalId: () => '0123456789abcdef0123',
  });
  return { approvals, slack, logger, handler: (event: unknown) => handler(event, {} as never) };
}

describe('request-approval handler', () => {
  it('stores the token server-side with its expiry and posts buttons that carry only id and action', async () => {
    // Prepare
    const { approvals, slack, logger, handler } = setUp();
    // Act
    const output = await handler(payload());
    // Assess
    expect(output).toEqual({ approvalId: '0123456789abcdef0123', expiresAt: T0 + 3_600_000, posted: true });
    expect(await approvals.get('payments', '0123456789abcdef0123')).toMatchObject({
      taskToken: TASK_TOKEN,
      expiresAt: T0 + 3_600_000,
      approvers: { users: [ALICE], userGroup: GROUP },
      onTimeout: 'hold',
    });
    expect(slack.posts).toHaveLength(1);
    expect(slack.posts[0]!.channel).toBe('C0PAYMENTS');
    const posted = JSON.stringify(slack.posts[0]);
    expect(posted).toContain('"value":"0123456789abcdef0123:approve"');
    expect(posted).toContain('15m12s');
    expect(posted).not.toContain(TASK_TOKEN.slice(0, 30));
    expect(logger.text()).not.toContain(TASK_TOKEN.slice(0, 30));
  });

  it('defaults the timeout to 24 h and, without a channel, leaves the decision to the CLI', async () => {
    const { approvals, slack, handler } = setUp();
    const output = await handler(payload({ channel: null, timeoutSeconds: undefined }));
    expect(output).toMatchObject({ posted: false, expiresAt: T0 + 86_400_000 });
    expect(slack.posts).toEqual([]);
    expect(await approvals.list('payments')).toHaveLength(1);
  });

  it('keeps where the message went and the facts it showed, so that a CLI decision can settle it', async () => {
    // Prepare
    const { approvals, slack, handler } = setUp();
    // Act
    await handler(payload());
    // Assess
    const record = await approvals.get('payments', '0123456789abcdef0123');
    expect(record?.message).toEqual({ channel: 'C0PAYMENTS', ts: '1777777777.001001' });
    expect(record?.evidence).toEqual({ gate: gateResult(), bakeSeconds: 912 });
    expect(slack.posts).toHaveLength(1);
  });

  it('leaves the facts out of a record that would outgrow the standard tier', async () => {
    // Prepare
    const { approvals, handler } = setUp();
    const lag = Array.from({ length: 60 }, (_, i) => ({ cluster: 'blue', group: `consumer-group-${i}`, max: i, growth: 0 }));
    // Act
    await handler(payload({ gate: { ...gateResult(), measurements: { ...gateResult().measurements, lag } } }));
    // Assess
    const record = await approvals.get('payments', '0123456789abcdef0123');
    expect(record?.evidence).toBeUndefined();
    expect(record?.message).toEqual({ channel: 'C0PAYMENTS', ts: '1777777777.001001' });
    expect(JSON.stringify(record).length).toBeLessThanOrEqual(EVIDENCE_RECORD_LIMIT);
  });

  it('still waits for a decision when the message location cannot be stored: only a CLI decision then leaves the buttons', async () => {
    // Prepare
    const { approvals, logger, handler } = setUp();
    approvals.update = () => Promise.reject(Object.assign(new Error('x'), { name: 'AwsCallError' }));
    // Act
    const output = await handler(payload());
    // Assess
    expect(output).toMatchObject({ posted: true });
    expect(await approvals.get('payments', '0123456789abcdef0123')).toMatchObject({ taskToken: TASK_TOKEN });
    expect(logger.lines.at(-2)).toMatchObject({ level: 'warn', message: 'approval message location not stored', fields: { error: 'AwsCallError' } });
  });

  it('removes the record and fails the step when Slack refuses the message', async () => {
    // Prepare
    const { approvals, slack, logger, handler } = setUp();
    slack.api.postMessage = () => Promise.reject(new SlackApiError('chat.postMessage', 'not_in_channel', false));
    // Act
    const attempt = handler(payload());
    // Assess
    await expect(attempt).rejects.toMatchObject({ name: 'ApprovalNotPostedError' });
    expect(await approvals.list('payments')).toEqual([]);
    expect(logger.lines.at(-1)).toMatchObject({ level: 'error', fields: { error: 'SlackApiError' } });
  });

  it('rejects an input the state machine should never send', async () => {
    const { handler } = setUp();
    await expect(handler(payload({ taskToken: '', fromPercent: 120 }))).rejects.toMatchObject({
      name: 'InvalidStepInputError',
      issues: [expect.stringContaining('taskToken'), expect.stringContaining('fromPercent')],
    });
  });

  it('makes short, unguessable approval ids', () => {
    const ids = new Set(Array.from({ length: 50 }, newApprovalId));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{20}$/);
  });
});
