import { describe, expect, it } from 'vitest';
import { parseInteraction } from '../../../src/slack/approval-click.ts';

const body = (payload: unknown) => `payload=${encodeURIComponent(JSON.stringify(payload))}`;
const click = (action: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  body({
    type: 'block_actions',
    user: { id: 'U0ALICE01', username: 'alice' },
    response_url: 'https://hooks.slack.com/actions/T/1/x',
    actions: [{ action_id: 'kraft-canary-approve', block_id: 'kraft-canary-approval:payments', value: 'a1b2c3d4e5f60718293a:approve', ...action }],
    ...extra,
  });

describe('parseInteraction', () => {
  it('reads our button back into migration, approval id, action and user', () => {
    expect(parseInteraction(click({}))).toEqual({
      kind: 'click',
      click: {
        migration: 'payments',
        approvalId: 'a1b2c3d4e5f60718293a',
        action: 'approve',
        user: { id: 'U0ALICE01', name: 'alice' },
        responseUrl: 'https://hooks.slack.com/actions/T/1/x',
        original: {},
      },
    });
  });

  it('reads a stage message control button back into migration, control, stage and user', () => {
    // Act
    const parsed = parseInteraction(click({ action_id: 'kraft-canary-control-pause', block_id: 'kraft-canary-control:payments', value: 'pause:2' }));
    // Assess
    expect(parsed).toEqual({
      kind: 'control',
      click: {
        migration: 'payments',
        control: 'pause',
        stageIndex: 2,
        user: { id: 'U0ALICE01', name: 'alice' },
        responseUrl: 'https://hooks.slack.com/actions/T/1/x',
      },
    });
  });

  it('a control button for a bad migration id is malformed', () => {
    expect(parseInteraction(click({ action_id: 'kraft-canary-control-pause', block_id: 'kraft-canary-control:../x', value: 'pause:2' })).kind).toBe(
      'malformed',
    );
  });

  it.each([
    { name: 'no payload field', raw: 'foo=bar', want: 'malformed' },
    { name: 'payload not JSON', raw: 'payload=%7B', want: 'malformed' },
    { name: 'a modal submission', raw: body({ type: 'view_submission' }), want: 'ignored' },
    { name: 'another app’s button', raw: click({ block_id: 'other-app' }), want: 'ignored' },
    { name: 'action id and value disagree', raw: click({ action_id: 'kraft-canary-reject' }), want: 'ignored' },
    { name: 'a value with extra parts', raw: click({ value: 'a1b2c3d4e5f60718293a:approve:x' }), want: 'ignored' },
    { name: 'an unknown action', raw: click({ action_id: 'kraft-canary-delete', value: 'a1b2c3d4e5f60718293a:delete' }), want: 'ignored' },
    { name: 'a bad migration id', raw: click({ block_id: 'kraft-canary-approval:../../etc' }), want: 'malformed' },
    { name: 'a response_url off Slack', raw: click({}, { response_url: 'https://attacker.example/x' }), want: 'malformed' },
    { name: 'no actions', raw: click({}, { actions: [] }), want: 'malformed' },
  ])('$name → $want', ({ raw, want }) => {
    expect(parseInteraction(raw).kind).toBe(want);
  });
});
