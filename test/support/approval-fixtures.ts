import type { GateResult } from '../../src/domain/gates.ts';
import type { ApprovalChannel, ApprovalRecord, LogFields, Logger } from '../../src/ports/index.ts';
import { createSlackApprovalChannel } from '../../src/slack/slack-approval-channel.ts';
import type { SlackPostMessage, SlackResponseBody, SlackUpdateMessage, SlackWebApi } from '../../src/slack/web-api.ts';

export const T0 = Date.parse('2026-05-04T03:00:00.000Z');
export const TASK_TOKEN = `AQCEAAAAKgAAAAMAAAAAAAAAA${'tokenpart'.repeat(200)}==`;
export const EXECUTION_ARN = 'arn:aws:states:ap-southeast-3:111122223333:execution:kraft-canary-rollout:payments-1';
export const ALICE = 'U0ALICE01';
export const BOB = 'U0BOB0002';
export const MALLORY = 'U0MALLORY';
export const GROUP = 'S0SRETEAM';
export const CAROL_IN_GROUP = 'U0CAROL03';

export function approvalRecord(overrides: Partial<ApprovalRecord> = {}): ApprovalRecord {
  return {
    approvalId: 'a1b2c3d4e5f60718293a',
    migration: 'payments',
    kind: 'stage',
    stageIndex: 1,
    fromPercent: 20,
    toPercent: 50,
    executionArn: EXECUTION_ARN,
    channel: 'C0PAYMENTS',
    approvers: { users: [ALICE, BOB], userGroup: GROUP },
    taskToken: TASK_TOKEN,
    createdAt: T0,
    expiresAt: T0 + 86_400_000,
    onTimeout: 'hold',
    ...overrides,
  };
}

export function gateResult(overrides: Partial<GateResult> = {}): GateResult {
  return {
    verdict: 'pass',
    reasons: [],
    measurements: {
      lag: [
        { cluster: 'blue', group: 'ledger', max: 1200, growth: 35 },
        { cluster: 'green', group: 'ledger', max: 40, growth: -2 },
        { cluster: 'blue', group: 'notifications', max: 15, growth: 0 },
        { cluster: 'green', group: 'notifications', max: null, growth: null },
      ],
      errorRate: [
        { cluster: 'blue', rate: 0.0001, errors: 3, operations: 30_000 },
        { cluster: 'green', rate: 0.0002, errors: 2, operations: 10_000 },
      ],
    },
    ...overrides,
  };
}

/** A logger that keeps every line, so tests can assert on what would reach CloudWatch. */
export function captureLogger(): Logger & { lines: { level: string; message: string; fields: LogFields }[]; text(): string } {
  const lines: { level: string; message: string; fields: LogFields }[] = [];
  const at =
    (level: string) =>
    (message: string, fields: LogFields = {}) => {
      lines.push({ level, message, fields });
    };
  return { lines, info: at('info'), warn: at('warn'), error: at('error'), text: () => JSON.stringify(lines) };
}

/** A SlackWebApi that records calls instead of reaching Slack. */
export function fakeSlackApi(members: Record<string, string[]> = { [GROUP]: [CAROL_IN_GROUP] }) {
  const posts: SlackPostMessage[] = [];
  const responses: { url: string; body: SlackResponseBody }[] = [];
  const updates: SlackUpdateMessage[] = [];
  let ts = 1000;
  const api: SlackWebApi = {
    async postMessage(message) {
      posts.push(message);
      ts += 1;
      return { channel: message.channel, ts: `1777777777.00${ts}` };
    },
    async updateMessage(message) {
      updates.push(message);
    },
    async userGroupMembers(userGroup) {
      return members[userGroup] ?? [];
    },
    async respond(url, body) {
      responses.push({ url, body });
    },
  };
  return { api, posts, responses, updates };
}

export function slackChannel(api: SlackWebApi): ApprovalChannel {
  return createSlackApprovalChannel(api);
}
