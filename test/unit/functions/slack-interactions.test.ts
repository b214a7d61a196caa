import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSlackInteractionsHandler } from '../../../functions/slack-interactions.ts';
import { APPROVAL_JOB_EVENT } from '../../../src/aws/lambda-approval-job-queue.ts';
import { SfnExecutionControl } from '../../../src/aws/sfn-execution-control.ts';
import type { OperatorRollback } from '../../../src/controller/approvals/apply-approval-decision.ts';
import { MemoryApprovalStore } from '../../../src/local/memory-approval-store.ts';
import { MemoryRoutingStore } from '../../../src/local/memory-routing-store.ts';
import type { ApprovalJob } from '../../../src/ports/index.ts';
import {
  ALICE,
  approvalRecord,
  BOB,
  CAROL_IN_GROUP,
  captureLogger,
  fakeSlackApi,
  MALLORY,
  slackChannel,
  T0,
  TASK_TOKEN,
} from '../../support/approval-fixtures.ts';
import { blockActionsBody, RESPONSE_URL, type RequestOptions, SIGNING_SECRET, sign, slackRequest } from '../../support/slack-requests.ts';

const sfnMock = mockClient(SFNClient);

interface ClickOptions {
  user?: string;
  approvalId?: string;
  action?: 'approve' | 'reject' | 'roll-back';
  migration?: string;
}

function clickBody({ user = ALICE, approvalId = approvalRecord().approvalId, action = 'approve', migration = 'payments' }: ClickOptions = {}): string {
  return blockActionsBody(user, { action_id: `kraft-canary-${action}`, block_id: `kraft-canary-approval:${migration}`, value: `${approvalId}:${action}` });
}

const request = (body: string, opts: Partial<RequestOptions> = {}) => slackRequest(body, { signedAt: T0, ...opts });

/** No rollout runs: these tests click approval buttons only. */
const noControls = {
  routing: new MemoryRoutingStore(),
  flags: new MemoryRoutingStore(),
  executions: { describeExecution: async () => 'NOT_FOUND' as const, executionInput: async () => null },
  prefix: '/kraft-canary',
  replies: { reply: async () => undefined },
  notifier: { notify: async () => undefined },
  resumeHold: async () => ({ kind: 'not-held' as const }),
};

function setUp(now = T0 + 60_000, options: { holdJobs?: boolean } = {}) {
  const approvals = new MemoryApprovalStore();
  const slack = fakeSlackApi();
  const logger = captureLogger();
  const rollbacks: OperatorRollback[] = [];
  const clock = { current: now, now: () => clock.current };
  const jobs: ApprovalJob[] = [];
  let handler: ReturnType<typeof createSlackInteractionsHandler> | undefined;
  // The queue runs the job through the same handler, as the asynchronous self-invocation does
  // (or holds it, so that a test can deliver it the way Lambda may: more than once).
  const queue = {
    enqueue: async (job: ApprovalJob) => {
      if (options.holdJobs) jobs.push(job);
      else await handler!({ type: APPROVAL_JOB_EVENT, job }, {});
    },
  };
  handler = createSlackInteractionsHandler({
    approvals,
    channel: slackChannel(slack.api),
    queue,
    executions: new SfnExecutionControl(new SFNClient({})),
    rollBack: async (input) => void rollbacks.push(input),
    clock,
    logger,
    secrets: { get: async () => SIGNING_SECRET },
    signingSecretName: '/kraft-canary/slack/signing-secret',
    controls: noControls,
  });
  const invoke = (event: unknown) => handler!(event, {});
  return { approvals, slack, logger, rollbacks, clock, invoke, jobs };
}

const sfnCalls = () => sfnMock.calls().length;

beforeEach(() => {
  sfnMock.reset();
  sfnMock.on(SendTaskSuccessCommand).resolves({});
  sfnMock.on(SendTaskFailureCommand).resolves({});
});

describe('slack-interactions: signature matrix', () => {
  const body = clickBody();
  const forged = [
    { name: 'wrong secret', event: () => request(body, { secret: 'not-the-signing-secret' }), status: 401 },
    { name: 'tampered body', event: () => ({ ...request(body), body: clickBody({ user: MALLORY }) }), status: 401 },
    { name: 'stale timestamp (6 min old)', event: () => request(body, { signedAt: T0 + 60_000 - 360_000 }), status: 401 },
    { name: 'future timestamp (6 min ahead)', event: () => request(body, { signedAt: T0 + 60_000 + 360_000 }), status: 401 },
    { name: 'missing both headers', event: () => request(body, { headers: { 'content-type': 'application/x-www-form-urlencoded' } }), status: 401 },
    {
      name: 'missing signature header',
      event: () => request(body, { headers: { 'x-slack-request-timestamp': String(Math.floor(T0 / 1000)) } }),
      status: 401,
    },
    {
      name: 'missing timestamp header',
      event: () => request(body, { headers: { 'x-slack-signature': sign(SIGNING_SECRET, Math.floor(T0 / 1000), body) } }),
      status: 401,
    },
    { name: 'oversized body (200 KiB)', event: () => request(`${body}&pad=${'x'.repeat(200 * 1024)}`), status: 413 },
    { name: 'oversized base64 body', event: () => request(`${body}&pad=${'x'.repeat(200 * 1024)}`, { base64: true }), status: 413 },
    { name: 'non-allow-listed user', event: () => request(clickBody({ user: MALLORY })), status: 403 },
    { name: 'unknown approval id', event: () => request(clickBody({ approvalId: 'ffffffffffffffffffff' })), status: 403 },
    { name: 'approval id of another migration', event: () => request(clickBody({ migration: 'orders' })), status: 403 },
  ];

  it.each(forged)('$name → $status, nothing reaches Step Functions', async ({ event, status }) => {
    // Prepare
    const { approvals, invoke, slack } = setUp();
    await approvals.put(approvalRecord());
    // Act
    const response = await invoke(event());
    // Assess
    expect(response?.statusCode).toBe(status);
    expect(sfnCalls()).toBe(0);
    expect(await approvals.decision('payments', approvalRecord().approvalId)).toBeNull();
    expect(slack.responses.every((r) => r.body.replace_original === false)).toBe(true);
  });

  it('valid signature → 200, SendTaskSuccess with approver and time, buttons replaced', async () => {
    // Prepare
    const { approvals, invoke, slack } = setUp();
    await approvals.put(approvalRecord());
    // Act
    const response = await invoke(request(body));
    // Assess
    expect(response?.statusCode).toBe(200);
    const calls = sfnMock.commandCalls(SendTaskSuccessCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input.taskToken).toBe(TASK_TOKEN);
    expect(JSON.parse(calls[0]!.args[0].input.output!)).toEqual({
      decision: 'approved',
      approver: ALICE,
      approverName: ALICE.toLowerCase(),
      via: 'slack',
      decidedAt: new Date(T0 + 60_000).toISOString(),
    });
    const settled = slack.responses.at(-1)!.body;
    expect(settled.replace_original).toBe(true);
    expect(JSON.stringify(settled.blocks)).not.toContain('"type":"actions"');
    expect(JSON.stringify(settled.blocks)).toContain(`Approved by <@${ALICE}>`);
    expect(await approvals.get('payments', approvalRecord().approvalId)).toBeNull();
  });

  it('valid base64-encoded body (API Gateway isBase64Encoded) → 200', async () => {
    const { approvals, invoke } = setUp();
    await approvals.put(approvalRecord());
    const response = await invoke(request(body, { base64: true }));
    expect(response?.statusCode).toBe(200);
    expect(sfnMock.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
  });

  it('a request replayed outside the window is refused even though it was valid once', async () => {
    // Prepare
    const { approvals, invoke, clock } = setUp(T0);
    await approvals.put(approvalRecord());
    const original = request(clickBody({ action: 'reject' }), { signedAt: T0 });
    await invoke(original);
    await approvals.put(approvalRecord({ approvalId: 'b1b2c3d4e5f60718293a' }));
    sfnMock.resetHistory();
    clock.current = T0 + 5 * 60_000 + 1_000;
    // Act
    const replay = await invoke(original);
    // Assess
    expect(replay?.statusCode).toBe(401);
    expect(sfnCalls()).toBe(0);
  });

  it('a double approve answers "already decided by X at T" and reaches Step Functions once', async () => {
    // Prepare
    const { approvals, invoke, slack } = setUp();
    await approvals.put(approvalRecord());
    await invoke(request(body));
    // Act
    const second = await invoke(request(clickBody({ user: BOB })));
    // Assess
    expect(second?.statusCode).toBe(200);
    expect(sfnCalls()).toBe(1);
    const answer = slack.responses.at(-1)!.body;
    expect(answer).toMatchObject({ replace_original: false, response_type: 'ephemeral' });
    expect(answer.text).toContain(`Already decided: :white_check_mark: Approved by <@${ALICE}> at <!date^${(T0 + 60_000) / 1000}^`);
  });

  it('an approve after the timeout answers "expired" and reaches nothing', async () => {
    // Prepare
    const { approvals, invoke, slack, clock } = setUp();
    await approvals.put(approvalRecord({ expiresAt: T0 + 30_000 }));
    clock.current = T0 + 60_000;
    // Act
    const response = await invoke(request(body, { signedAt: T0 + 60_000 }));
    // Assess
    expect(response?.statusCode).toBe(200);
    expect(sfnCalls()).toBe(0);
    expect(slack.responses.at(-1)!.body.text).toContain('This approval expired at <!date^');
  });
});

describe('slack-interactions: decisions', () => {
  it('a member of the approvers user group may approve', async () => {
    const { approvals, invoke } = setUp();
    await approvals.put(approvalRecord());
    const response = await invoke(request(clickBody({ user: CAROL_IN_GROUP })));
    expect(response?.statusCode).toBe(200);
    expect(sfnMock.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
  });

  it('Reject → SendTaskFailure ApprovalRejected', async () => {
    const { approvals, invoke } = setUp();
    await approvals.put(approvalRecord());
    await invoke(request(clickBody({ action: 'reject' })));
    const [call] = sfnMock.commandCalls(SendTaskFailureCommand);
    expect(call!.args[0].input).toMatchObject({ taskToken: TASK_TOKEN, error: 'ApprovalRejected' });
    expect(call!.args[0].input.cause).toContain(`Rejected by ${ALICE.toLowerCase()} (${ALICE})`);
  });

  it('Roll back now → the rollback use case first, then SendTaskFailure RolledBack', async () => {
    // Prepare
    const { approvals, invoke, rollbacks } = setUp();
    await approvals.put(approvalRecord());
    sfnMock.on(SendTaskFailureCommand).callsFake(() => {
      expect(rollbacks).toHaveLength(1);
      return {};
    });
    // Act
    await invoke(request(clickBody({ action: 'roll-back' })));
    // Assess
    expect(rollbacks).toEqual([
      { source: 'operator', migration: 'payments', actor: ALICE, reason: expect.stringContaining('stage 2 of payments (20% → 50%)') },
    ]);
    expect(sfnMock.commandCalls(SendTaskFailureCommand)[0]!.args[0].input.error).toBe('RolledBack');
  });

  it('TaskTimedOut from Step Functions is "not waiting", not an error', async () => {
    // Prepare
    const { approvals, invoke, slack, logger } = setUp();
    await approvals.put(approvalRecord());
    sfnMock.on(SendTaskSuccessCommand).rejects(Object.assign(new Error('Task Timed Out'), { name: 'TaskTimedOut' }));
    // Act
    const response = await invoke(request(clickBody()));
    // Assess
    expect(response?.statusCode).toBe(200);
    expect(JSON.stringify(slack.responses.at(-1)!.body.blocks)).toContain('no longer waiting');
    expect(logger.lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('a Step Functions failure withdraws the claim, so that a second click can succeed', async () => {
    // Prepare
    const { approvals, invoke, slack } = setUp();
    await approvals.put(approvalRecord());
    sfnMock
      .on(SendTaskSuccessCommand)
      .rejectsOnce(Object.assign(new Error('throttled'), { name: 'ThrottlingException' }))
      .resolves({});
    // Act
    await invoke(request(clickBody()));
    const retry = await invoke(request(clickBody()));
    // Assess
    expect(slack.responses[0]!.body.text).toContain('could not be applied');
    expect(retry?.statusCode).toBe(200);
    expect(sfnMock.commandCalls(SendTaskSuccessCommand)).toHaveLength(2);
    expect(await approvals.decision('payments', approvalRecord().approvalId)).toMatchObject({ by: ALICE });
  });

  it('a decision that reached the workflow stands when its record cannot be removed: the claim stays, the message settles', async () => {
    // Prepare
    const { approvals, invoke, slack, logger } = setUp();
    await approvals.put(approvalRecord());
    approvals.remove = () => Promise.reject(Object.assign(new Error('denied'), { name: 'AwsCallError' }));
    // Act
    const response = await invoke(request(clickBody()));
    // Assess
    expect(response?.statusCode).toBe(200);
    expect(sfnMock.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
    expect(await approvals.decision('payments', approvalRecord().approvalId)).toMatchObject({ by: ALICE });
    expect(JSON.stringify(slack.responses.at(-1)!.body.blocks)).toContain('Approved by');
    expect(logger.lines.filter((l) => l.level === 'error')).toEqual([]);
    expect(logger.lines.some((l) => l.level === 'warn' && l.message.startsWith('approval record not removed'))).toBe(true);
  });

  it('a failing user-group lookup fails closed: 403 for group members, named users still decide', async () => {
    // Prepare
    const { approvals, invoke, slack } = setUp();
    await approvals.put(approvalRecord());
    slack.api.userGroupMembers = () => Promise.reject(new Error('ratelimited'));
    // Act
    const member = await invoke(request(clickBody({ user: CAROL_IN_GROUP })));
    const named = await invoke(request(clickBody({ user: BOB })));
    // Assess
    expect([member?.statusCode, named?.statusCode]).toEqual([403, 200]);
    expect(sfnMock.commandCalls(SendTaskSuccessCommand)).toHaveLength(1);
  });

  it('an unreadable signing secret answers 500 without details', async () => {
    // Prepare
    const { logger } = setUp();
    const failing = createSlackInteractionsHandler({
      ...({} as Parameters<typeof createSlackInteractionsHandler>[0]),
      logger,
      secrets: { get: () => Promise.reject(Object.assign(new Error('/kraft-canary/slack/signing-secret'), { name: 'SecretUnavailableError' })) },
      signingSecretName: '/kraft-canary/slack/signing-secret',
      clock: { now: () => T0 },
    });
    // Act
    const response = await failing(request(clickBody()), {});
    // Assess
    expect(response).toMatchObject({ statusCode: 500, body: 'internal error' });
    expect(logger.lines.at(-1)).toEqual({ level: 'error', message: 'slack interaction failed', fields: { error: 'SecretUnavailableError' } });
    expect(sfnCalls()).toBe(0);
  });

  it("a signed payload that is not JSON → 400; another app's button → 200 ignored", async () => {
    const { invoke } = setUp();
    expect((await invoke(request('payload=%7Bnot-json')))?.statusCode).toBe(400);
    const other = `payload=${encodeURIComponent(JSON.stringify({ type: 'view_submission' }))}`;
    expect((await invoke(request(other)))?.statusCode).toBe(200);
    expect(sfnCalls()).toBe(0);
  });
});

describe('slack-interactions: logs', () => {
  it('never contain the signing secret, the task token or the raw payload', async () => {
    // Prepare
    const { approvals, invoke, logger } = setUp();
    await approvals.put(approvalRecord());
    const body = clickBody();
    // Act: a forged request, an unauthorised one, a valid one, a repeated one and a failing one
    await invoke(request(body, { secret: 'wrong' }));
    await invoke(request(clickBody({ user: MALLORY })));
    await invoke(request(body));
    await invoke(request(body));
    sfnMock.on(SendTaskFailureCommand).rejects(Object.assign(new Error(`bad token ${TASK_TOKEN}`), { name: 'AccessDeniedException' }));
    await approvals.put(approvalRecord({ approvalId: 'c1b2c3d4e5f60718293a' }));
    await invoke(request(clickBody({ approvalId: 'c1b2c3d4e5f60718293a', action: 'reject' })));
    // Assess
    const text = logger.text();
    expect(logger.lines.length).toBeGreaterThan(4);
    expect(text).not.toContain(SIGNING_SECRET);
    expect(text).not.toContain(TASK_TOKEN.slice(0, 40));
    expect(text).not.toContain('block_actions');
    expect(text).not.toContain(RESPONSE_URL);
    expect(text).not.toContain('payload=');
  });
});

describe('slack-interactions: a job delivered twice (asynchronous invocation is at-least-once)', () => {
  const timedOut = Object.assign(new Error('Task Timed Out'), { name: 'TaskTimedOut' });

  it.each(['approve', 'roll-back'] as const)(
    'one %s job delivered twice at once reaches Step Functions and the rollback once, and settles the message once, as applied',
    async (action) => {
      // Prepare: the click is accepted; its job is held, then delivered twice together.
      const { approvals, invoke, slack, rollbacks, jobs, logger } = setUp(T0 + 60_000, { holdJobs: true });
      await approvals.put(approvalRecord());
      expect((await invoke(request(clickBody({ action }))))?.statusCode).toBe(200);
      const job = { type: APPROVAL_JOB_EVENT, job: jobs[0] };
      // A second SendTask* on the same token fails as Step Functions answers it: the task is closed.
      sfnMock.on(SendTaskSuccessCommand).resolvesOnce({}).rejects(timedOut);
      sfnMock.on(SendTaskFailureCommand).resolvesOnce({}).rejects(timedOut);
      // Act
      await Promise.all([invoke(job), invoke(job)]);
      // Assess
      expect(sfnCalls()).toBe(1);
      expect(rollbacks).toHaveLength(action === 'roll-back' ? 1 : 0);
      const settled = slack.responses.filter((r) => r.body.replace_original === true);
      expect(settled).toHaveLength(1);
      expect(JSON.stringify(settled[0]!.body.blocks)).not.toContain('no longer waiting');
      expect(logger.lines.some((l) => l.message === 'approval job delivered again: taken up already')).toBe(true);
    },
  );

  it('a later click after a failed job is a new job: it is applied', async () => {
    // Prepare: the first job fails at Step Functions and withdraws its claim.
    const { approvals, invoke, jobs } = setUp(T0 + 60_000, { holdJobs: true });
    await approvals.put(approvalRecord());
    await invoke(request(clickBody()));
    sfnMock
      .on(SendTaskSuccessCommand)
      .rejectsOnce(Object.assign(new Error('boom'), { name: 'InternalServerError', $fault: 'server' }))
      .resolves({});
    await invoke({ type: APPROVAL_JOB_EVENT, job: jobs[0] });
    // Act: the user clicks again a second later.
    await invoke(request(clickBody(), { signedAt: T0 + 1_000 }));
    await invoke({ type: APPROVAL_JOB_EVENT, job: { ...jobs[1]!, decision: { ...jobs[1]!.decision, at: T0 + 61_000 } } });
    // Assess
    expect(jobs).toHaveLength(2);
    expect(sfnMock.commandCalls(SendTaskSuccessCommand)).toHaveLength(2);
  });
});
