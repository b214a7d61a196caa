import { describe, expect, it } from 'vitest';
import type { ApprovalContext, ApprovalRecord } from '../../../src/ports/index.ts';
import { renderApprovalRequest } from '../../../src/slack/approval-message.ts';
import { approvalRecord, gateResult, T0 } from '../../support/approval-fixtures.ts';

const manyGroups = gateResult({
  verdict: 'fail',
  reasons: ['lag of ledger on blue is 4,200 (limit 1,000)', 'lag of audit on green grew by 900 (limit 500)', 'r3', 'r4', 'r5', 'r6', 'r7'],
  measurements: {
    lag: Array.from({ length: 12 }, (_, i) => ({
      cluster: i % 2 === 0 ? ('blue' as const) : ('green' as const),
      group: `group-${i}`,
      max: i * 350,
      growth: i - 5,
    })),
    errorRate: [{ cluster: 'blue', rate: 0.012, errors: 120, operations: 10_000 }],
  },
});

const cases: { name: string; record: ApprovalRecord; facts: ApprovalContext }[] = [
  {
    name: 'first canary 0 → 20, gates passed',
    record: approvalRecord({ stageIndex: 0, fromPercent: 0, toPercent: 20 }),
    facts: { gate: gateResult(), bakeSeconds: 900 },
  },
  { name: 'canary step 20 → 50, gates passed', record: approvalRecord(), facts: { gate: gateResult(), bakeSeconds: 1_230 } },
  {
    name: 'producer cutover 80 → 100, inconclusive, rollback on timeout',
    record: approvalRecord({ stageIndex: 3, fromPercent: 80, toPercent: 100, onTimeout: 'rollback', approvers: { users: ['U0ALICE01'] } }),
    facts: { gate: gateResult({ verdict: 'inconclusive', reasons: ['no lag data for group notifications on green'] }), bakeSeconds: 1_200 },
  },
  {
    name: 'canary step with a failed gate and more groups than fit',
    record: approvalRecord({ stageIndex: 2, fromPercent: 50, toPercent: 80, onTimeout: null }),
    facts: { gate: manyGroups, bakeSeconds: 600 },
  },
  {
    name: 'decommission of blue, gates not evaluated, only a user group',
    record: approvalRecord({ kind: 'decommission', stageIndex: 3, fromPercent: 100, toPercent: 100, approvers: { users: [], userGroup: 'S0SRETEAM' } }),
    facts: { gate: null, bakeSeconds: 0 },
  },
];

describe('renderApprovalRequest', () => {
  it.each(cases)('$name', ({ record, facts }) => {
    // Act
    const message = renderApprovalRequest(record, facts);
    // Assess
    expect(message).toMatchSnapshot();
  });

  it('puts only the approval id and the action into the buttons, never the task token', () => {
    // Act
    const message = renderApprovalRequest(approvalRecord(), { gate: gateResult(), bakeSeconds: 900 });
    // Assess
    const actions = message.blocks.find((b) => b.type === 'actions') as { block_id: string; elements: { value: string }[] };
    expect(actions.block_id).toBe('kraft-canary-approval:payments');
    expect(actions.elements.map((e) => e.value)).toEqual(['a1b2c3d4e5f60718293a:approve', 'a1b2c3d4e5f60718293a:reject', 'a1b2c3d4e5f60718293a:roll-back']);
    expect(JSON.stringify(message)).not.toContain('AQCEAAAA');
  });

  it('stays within Slack limits: at most 50 blocks, 10 fields, 3,000 characters a section', () => {
    // Prepare
    const long = gateResult({ reasons: Array.from({ length: 40 }, () => 'x'.repeat(400)) });
    // Act
    const message = renderApprovalRequest(
      approvalRecord({ approvers: { users: Array.from({ length: 100 }, (_, i) => `U0USER${String(i).padStart(3, '0')}`) } }),
      { gate: long, bakeSeconds: 60 },
    );
    // Assess
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    for (const block of message.blocks as { text?: { text: string }; fields?: unknown[] }[]) {
      expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(3000);
      expect(block.fields?.length ?? 0).toBeLessThanOrEqual(10);
    }
  });

  it.each([
    { kind: 'stage' as const, says: 'The rollout rolls back: producers return to blue from 50% green' },
    { kind: 'decommission' as const, says: 'The blue cluster is kept and this run ends.' },
  ])('the Reject confirmation of a $kind approval says what rejecting does', ({ kind, says }) => {
    // Act
    const message = renderApprovalRequest(approvalRecord({ kind }), { gate: null, bakeSeconds: 0 });
    // Assess
    const actions = message.blocks.find((b) => b.type === 'actions') as { elements: { value: string; confirm?: { text: { text: string } } }[] };
    const reject = actions.elements.find((e) => e.value.endsWith(':reject'));
    expect(reject?.confirm?.text.text).toContain(says);
    expect(reject?.confirm?.text.text).not.toContain('holds');
  });

  it('shows the expiry as a Slack date with a UTC fallback', () => {
    const message = renderApprovalRequest(approvalRecord({ expiresAt: T0 + 3_600_000 }), { gate: null, bakeSeconds: 0 });
    expect(JSON.stringify(message)).toContain(`<!date^${(T0 + 3_600_000) / 1000}^{date_short_pretty} {time}|2026-05-04T04:00:00Z>`);
  });
});

describe('renderApprovalRequest: operator controls', () => {
  it('a pause shows who paused and why, and only Resume and Roll back now', () => {
    // Prepare
    const record = approvalRecord({ kind: 'pause', fromPercent: 50, toPercent: 50, pause: { by: 'U0ALICE01', reason: 'p99 looks odd' } });
    // Act
    const message = renderApprovalRequest(record, { gate: null, bakeSeconds: 0 });
    // Assess
    expect(message.text).toBe('payments: paused, held at 50% on green');
    expect(JSON.stringify(message.blocks)).toContain('Paused by U0ALICE01: p99 looks odd.');
    expect(JSON.stringify(message.blocks)).toContain('kraft-canary resume payments');
    const actions = message.blocks.find((b) => b.type === 'actions') as { elements: { value: string; text: { text: string } }[] };
    expect(actions.elements.map((e) => [e.text.text, e.value])).toEqual([
      ['Resume', 'a1b2c3d4e5f60718293a:approve'],
      ['Roll back now', 'a1b2c3d4e5f60718293a:roll-back'],
    ]);
  });

  it('a promote --full confirmation names who asked, the jump to 100 %, and that rejecting goes on stage by stage', () => {
    // Prepare
    const record = approvalRecord({
      kind: 'promote',
      fromPercent: 20,
      toPercent: 100,
      stageIndex: 0,
      pause: { by: 'arn:aws:iam::1:role/oncall', reason: 'green is fine' },
    });
    // Act
    const message = renderApprovalRequest(record, { gate: gateResult(), bakeSeconds: 900 });
    // Assess
    expect(message.text).toBe('payments: approval needed, full promotion, 20% → 100% on green');
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('A promotion to the cutover was asked by arn:aws:iam::1:role/oncall (green is fine)');
    expect(text).toContain('The rollout goes on stage by stage.');
    const actions = message.blocks.find((b) => b.type === 'actions') as { elements: { value: string }[] };
    expect(actions.elements.map((e) => e.value.split(':')[1])).toEqual(['approve', 'reject', 'roll-back']);
  });
});
