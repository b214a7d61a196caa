import { DescribeExecutionCommand, SFNClient } from '@aws-sdk/client-sfn';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSlackInteractionsHandler } from '../../../functions/slack-interactions.ts';
import { SfnExecutionControl } from '../../../src/aws/sfn-execution-control.ts';
import { controlLockName, controlRequestName, pausedName } from '../../../src/controller/controls/control-records.ts';
import { lockName } from '../../../src/controller/lock/rollout-lock.ts';
import type { ButtonControl } from '../../../src/domain/stage-buttons.ts';
import { MemoryApprovalStore } from '../../../src/local/memory-approval-store.ts';
import { MemoryRoutingStore } from '../../../src/local/memory-routing-store.ts';
import type { NotificationThread } from '../../../src/ports/index.ts';
import { createSlackControlReplies } from '../../../src/slack/slack-control-replies.ts';
import { createSlackNotifier } from '../../../src/slack/slack-notifier.ts';
import { ALICE, CAROL_IN_GROUP, captureLogger, EXECUTION_ARN, fakeSlackApi, GROUP, MALLORY, slackChannel, T0 } from '../../support/approval-fixtures.ts';
import { planInput, routingDoc } from '../../support/rollout-fixtures.ts';
import { blockActionsBody, type RequestOptions, SIGNING_SECRET, slackRequest } from '../../support/slack-requests.ts';

const PREFIX = '/kraft-canary';
const M = 'payments';
const NOW = T0 + 60_000;
const sfnMock = mockClient(SFNClient);
const RECORDS = [pausedName(PREFIX, M), controlRequestName(PREFIX, M), controlLockName(PREFIX, M)];

interface World {
  phase?: 'canary' | 'draining';
  greenPercent?: number;
  running?: boolean;
}

/** A rollout of `payments` at 50 % (stage 2 of 4) written at T0, approvers ALICE and the group; the click comes a minute later. */
async function setUp({ phase = 'canary', greenPercent = 50, running = true }: World = {}) {
  const store = new MemoryRoutingStore();
  const green = phase === 'canary' ? greenPercent : 100;
  await store.write(
    M,
    routingDoc({
      migration: M,
      phase,
      producers: { greenPercent: green },
      consumers: { blue: true, green: true },
      revision: 4,
      executionArn: EXECUTION_ARN,
      updatedAt: new Date(T0).toISOString(),
    }),
  );
  if (running) await store.create(lockName(PREFIX, M), EXECUTION_ARN);
  const plan = planInput({ migration: M, approvers: { users: [ALICE], userGroup: GROUP } });
  sfnMock.on(DescribeExecutionCommand).resolves({ status: 'RUNNING', input: JSON.stringify({ plan, requestedBy: 'ops' }) });
  const slack = fakeSlackApi();
  const logger = captureLogger();
  const threads = new Map<string, NotificationThread>([[M, { channel: 'C0ROLLOUT', ts: '1777777777.000100' }]]);
  const executions = new SfnExecutionControl(new SFNClient({}));
  const handler = createSlackInteractionsHandler({
    approvals: new MemoryApprovalStore(),
    channel: slackChannel(slack.api),
    queue: { enqueue: async () => undefined },
    executions,
    rollBack: async () => undefined,
    clock: { now: () => NOW },
    logger,
    secrets: { get: async () => SIGNING_SECRET },
    signingSecretName: '/kraft-canary/slack/signing-secret',
    controls: {
      routing: store,
      flags: store,
      executions,
      prefix: PREFIX,
      replies: createSlackControlReplies(slack.api),
      notifier: createSlackNotifier({ api: slack.api, threads: { get: async (m) => threads.get(m) ?? null, put: async () => undefined }, logger }),
      resumeHold: async () => ({ kind: 'not-held' }),
    },
  });
  const records = async () => Promise.all(RECORDS.map((name) => store.get(name)));
  const replies = () => slack.responses.map((r) => r.body);
  return { store, slack, logger, records, replies, invoke: (event: unknown) => handler(event, {}) };
}

const click = (control: ButtonControl, stageIndex = 1, user = ALICE, migration = M) =>
  blockActionsBody(user, { action_id: `kraft-canary-control-${control}`, block_id: `kraft-canary-control:${migration}`, value: `${control}:${stageIndex}` });

const request = (body: string, opts: Partial<RequestOptions> = {}) => slackRequest(body, { signedAt: NOW, ...opts });

beforeEach(() => {
  sfnMock.reset();
});

describe('slack-interactions: the stage message control buttons', () => {
  it.each([
    ['unsigned', () => request(click('pause'), { headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 401],
    ['signed with another secret', () => request(click('pause'), { secret: 'not-the-signing-secret' }), 401],
    ['signed 6 minutes ago (replayed)', () => request(click('pause'), { signedAt: NOW - 360_000 }), 401],
    ['signed for another body', () => ({ ...request(click('promote')), body: click('step-back') }), 401],
  ])('a %s click → %s, nothing read or written', async (_name, event, status) => {
    // Prepare
    const { invoke, records, replies } = await setUp();
    // Act
    const response = await invoke(event());
    // Assess
    expect(response?.statusCode).toBe(status);
    expect(await records()).toEqual([null, null, null]);
    expect(sfnMock.calls()).toHaveLength(0);
    expect(replies()).toEqual([]);
  });

  it('a click by someone who is not an approver → 403, one line, nothing written', async () => {
    // Prepare
    const { invoke, records, replies } = await setUp();
    // Act
    const response = await invoke(request(click('pause', 1, MALLORY)));
    // Assess
    expect(response?.statusCode).toBe(403);
    expect(await records()).toEqual([null, null, null]);
    expect(replies()).toEqual([
      {
        replace_original: false,
        response_type: 'ephemeral',
        text: 'Only the approvers named in the plan of payments can pause, promote or step back its rollout; nothing written',
      },
    ]);
  });

  it('Pause by an approver records the pause as the CLI does, with "paused from Slack by <user>", and tells the thread', async () => {
    // Prepare
    const { invoke, store, replies, slack } = await setUp();
    // Act
    const response = await invoke(request(click('pause')));
    // Assess
    expect(response?.statusCode).toBe(200);
    expect(JSON.parse((await store.get(pausedName(PREFIX, M))) ?? '{}')).toEqual({
      by: ALICE,
      reason: `paused from Slack by ${ALICE.toLowerCase()} (${ALICE})`,
      at: new Date(NOW).toISOString(),
      stageIndex: 1,
    });
    expect(await store.get(controlLockName(PREFIX, M))).toBeNull();
    expect(replies()).toHaveLength(1);
    expect(replies()[0]?.text).toBe(
      'payments paused at 50% green, stage 2 of 4: it holds at the next control check (within a minute of the bake) until resumed; alarms still roll back',
    );
    expect(slack.posts.map((p) => p.threadTs)).toEqual(['1777777777.000100']);
    expect(slack.posts[0]?.text).toContain(`paused from Slack by ${ALICE.toLowerCase()} (${ALICE})`);
  });

  it.each<[ButtonControl, string]>([
    ['promote', 'payments: promote asked at 50% green, stage 2 of 4: the bake ends at the next control check and the gates are judged'],
    ['step-back', 'payments: step back asked at 50% green, stage 2 of 4: at the next control check the route returns to the previous stage'],
  ])('%s by a member of the approvers group writes the request the CLI writes, bound to the stage', async (control, line) => {
    // Prepare
    const { invoke, store, replies } = await setUp();
    // Act
    const response = await invoke(request(click(control, 1, CAROL_IN_GROUP)));
    // Assess
    expect(response?.statusCode).toBe(200);
    expect(JSON.parse((await store.get(controlRequestName(PREFIX, M))) ?? '{}')).toMatchObject({ kind: control, by: CAROL_IN_GROUP, stageIndex: 1 });
    expect(replies()[0]?.text).toContain(line);
  });

  it.each<[string, ButtonControl, number, World, string]>([
    ['Step back on the first stage', 'step-back', 0, { greenPercent: 20 }, 'cannot step back from the first stage (phase canary, 20% green, stage 1 of 4)'],
    ['Step back after the cutover', 'step-back', 3, { phase: 'draining' }, 'cannot step back in phase draining, 100% green, stage 4 of 4'],
    [
      'Promote on an older stage message',
      'promote',
      0,
      {},
      'cannot promote: this button is for stage 1, the rollout is at stage 2 (phase canary, 50% green, stage 2 of 4)',
    ],
  ])('%s is refused in one line naming the phase; nothing written', async (_name, control, stage, world, message) => {
    // Prepare
    const { invoke, records, store, replies } = await setUp(world);
    const versions = store.history(M).length;
    // Act
    const response = await invoke(request(click(control, stage)));
    // Assess
    expect(response?.statusCode).toBe(200);
    expect(await records()).toEqual([null, null, null]);
    expect(store.history(M)).toHaveLength(versions);
    expect(replies()).toHaveLength(1);
    expect(replies()[0]?.text).toContain(message);
    expect(replies()[0]?.text).toMatch(/; nothing written$/);
    expect(replies()[0]?.text).not.toContain('\n');
  });

  it('Promote while paused is refused naming the phase; the pause stays, no request', async () => {
    // Prepare
    const { invoke, store, replies } = await setUp();
    await invoke(request(click('pause')));
    // Act
    await invoke(request(click('promote')));
    // Assess
    expect(await store.get(controlRequestName(PREFIX, M))).toBeNull();
    expect(await store.get(pausedName(PREFIX, M))).not.toBeNull();
    expect(replies().at(-1)?.text).toContain('cannot promote while paused by U0ALICE01 (phase canary, 50% green, stage 2 of 4): resume first; nothing written');
  });

  it('a click while another control holds the lock is refused as busy with who and until when; nothing written', async () => {
    // Prepare
    const { invoke, store, replies } = await setUp();
    const held = JSON.stringify({
      by: 'arn:aws:iam::111122223333:role/oncall',
      control: 'step-back',
      at: new Date(NOW - 1_000).toISOString(),
      expiresAt: new Date(NOW + 119_000).toISOString(),
    });
    await store.create(controlLockName(PREFIX, M), held);
    // Act
    await invoke(request(click('pause')));
    // Assess
    expect(await store.get(pausedName(PREFIX, M))).toBeNull();
    expect(replies()[0]?.text).toContain('another control of payments is being applied by arn:aws:iam::111122223333:role/oncall (step-back');
  });

  it('with no rollout running nobody can be authorised: 403, one line with the phase, nothing written', async () => {
    // Prepare
    const { invoke, records, replies } = await setUp({ running: false });
    // Act
    const response = await invoke(request(click('pause')));
    // Assess
    expect(response?.statusCode).toBe(403);
    expect(await records()).toEqual([null, null, null]);
    expect(replies()[0]?.text).toBe('cannot pause payments from Slack: no rollout execution runs (phase canary, 50% green); nothing written');
  });

  it('an altered button value is acknowledged and ignored: nothing read or written', async () => {
    // Prepare
    const { invoke, records } = await setUp();
    const altered = blockActionsBody(ALICE, { action_id: 'kraft-canary-control-pause', block_id: `kraft-canary-control:${M}`, value: 'promote:1' });
    // Act
    const response = await invoke(request(altered));
    // Assess
    expect(response?.statusCode).toBe(200);
    expect(await records()).toEqual([null, null, null]);
    expect(sfnMock.calls()).toHaveLength(0);
  });
});
