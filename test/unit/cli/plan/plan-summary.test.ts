import { describe, expect, it } from 'vitest';
import { planSummary } from '../../../../src/cli/plan/plan-summary.ts';
import { domainPlan } from '../../../support/domain-fixtures.ts';

describe('planSummary', () => {
  it.each([
    {
      name: 'automatic plan, no window',
      plan: domainPlan(),
      summary:
        'payments: 20% → 50% → 80% → 100% · bake 15m · approvals: none (automatic) · drain stable 10m within 2h · window: any time · decommission dry-run',
    },
    {
      name: 'mixed bakes and one approval',
      plan: domainPlan({
        stages: [
          { greenPercent: 10, bake: '5m' },
          { greenPercent: 60, bake: '1h', approval: 'slack' },
          { greenPercent: 100, bake: '5m' },
        ],
        approvers: { users: ['U0123ABCD'] },
        slack: { channel: 'C0123ABCD' },
        window: { days: ['sat', 'sun'], start: '22:00', end: '02:00', timeZone: 'Europe/Berlin' },
        decommission: 'delete',
      }),
      summary:
        'payments: 10% → 60% → 100% · bake 5m/1h/5m · approvals: slack after 60% · drain stable 10m within 2h · window: sat,sun 22:00-02:00 Europe/Berlin · decommission delete',
    },
  ])('$name', ({ plan, summary }) => {
    expect(planSummary(plan)).toBe(summary);
  });
});
