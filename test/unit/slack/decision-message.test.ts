import { describe, expect, it } from 'vitest';
import type { ApprovalDecision } from '../../../src/ports/index.ts';
import { renderApprovalRequest } from '../../../src/slack/approval-message.ts';
import { answerText, renderSettled, renderSettledFromRecord } from '../../../src/slack/decision-message.ts';
import { ALICE, approvalRecord, gateResult, T0 } from '../../support/approval-fixtures.ts';

const approved: ApprovalDecision = { action: 'approve', by: ALICE, byName: 'alice', at: T0, via: 'slack' };

describe('renderSettled', () => {
  it('keeps the evidence, removes the buttons and says who decided when', () => {
    // Prepare
    const request = renderApprovalRequest(approvalRecord(), { gate: gateResult(), bakeSeconds: 900 });
    // Act
    const settled = renderSettled(request, approvalRecord(), approved, true);
    // Assess
    expect(settled.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(settled.blocks.slice(0, -1)).toEqual(request.blocks.filter((b) => b.type !== 'actions'));
    expect(settled.blocks.at(-1)).toMatchInlineSnapshot(`
      {
        "elements": [
          {
            "text": ":white_check_mark: Approved by <@U0ALICE01> at <!date^1777863600^{date_short_pretty} {time}|2026-05-04T03:00:00Z>",
            "type": "mrkdwn",
          },
        ],
        "type": "context",
      }
    `);
  });

  it('says when the decision arrived after the workflow stopped waiting, and credits CLI decisions', () => {
    // Act
    const settled = renderSettled(
      {},
      approvalRecord(),
      { action: 'reject', by: 'arn:aws:iam::111122223333:user/sre', at: T0, via: 'cli', reason: 'lag <spiky>' },
      false,
    );
    // Assess
    expect(settled).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "text": "*Migration* \`payments\`: 20% → 50% on green",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "elements": [
              {
                "text": ":no_entry: Rejected by \`arn:aws:iam::111122223333:user/sre\` with the CLI at <!date^1777863600^{date_short_pretty} {time}|2026-05-04T03:00:00Z> — lag &lt;spiky&gt;",
                "type": "mrkdwn",
              },
              {
                "text": "The workflow was no longer waiting for this approval (it timed out or was stopped): nothing was changed.",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
        ],
        "text": "Approval for payments — rejected",
      }
    `);
  });
});

describe('renderSettledFromRecord', () => {
  const byCli: ApprovalDecision = { action: 'approve', by: 'arn:aws:sts::111122223333:assumed-role/sre/jo', at: T0, via: 'cli' };

  it('settles a CLI decision exactly as a click settles the message it came from', () => {
    // Prepare
    const facts = { gate: gateResult(), bakeSeconds: 900 };
    const record = approvalRecord({ evidence: facts });
    // Act
    const settled = renderSettledFromRecord(record, byCli, true);
    // Assess
    expect(settled).toEqual(renderSettled(renderApprovalRequest(record, facts), record, byCli, true));
    expect(settled.blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('without the facts (a record too large to keep them) shows the step and the decision', () => {
    const settled = renderSettledFromRecord(approvalRecord(), byCli, false);
    expect(settled).toEqual(renderSettled({}, approvalRecord(), byCli, false));
  });
});

describe('answerText', () => {
  it.each([
    { answer: { kind: 'already-decided', decision: approved }, want: 'Already decided: :white_check_mark: Approved by <@U0ALICE01>' },
    { answer: { kind: 'expired', expiresAt: T0 }, want: 'This approval expired at <!date^1777863600^' },
    { answer: { kind: 'unknown' }, want: 'This approval is not known' },
    { answer: { kind: 'not-an-approver' }, want: 'Only the approvers named in the plan' },
    { answer: { kind: 'failed', action: 'roll-back' }, want: 'Your roll-back could not be applied' },
  ] as const)('$answer.kind', ({ answer, want }) => {
    expect(answerText(answer)).toContain(want);
  });
});
