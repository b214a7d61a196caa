import { describe, expect, it } from 'vitest';
import {
  EVENTS_PER_DRAIN_POLL,
  HISTORY_BUDGET_EVENTS,
  HISTORY_MAX_EVENTS,
  historyIssues,
  minimumPollEverySeconds,
  worstCaseHistoryEvents,
} from '../../../src/domain/history-budget.ts';
import { type PlanInput, validatePlan } from '../../../src/domain/plan.ts';
import { domainPlanInput } from '../../support/domain-fixtures.ts';

const stagesOf = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ greenPercent: i === count - 1 ? 100 : Math.round(((i + 1) * 100) / count), approval: 'slack' as const }));

const TIMEOUTS = ['1m', '2h', '1d', '7d', '14d'];
const POLLS = ['1s', '10s', '1m', '10m', '1h'];
const STAGES = [2, 10, 20];

describe('execution history budget', () => {
  it('every plan the validation allows stays within 25,000 history events (timeouts 1m..14d, polls 1s..1h, 2..20 stages with approvals)', () => {
    // Prepare
    let allowed = 0;
    let refused = 0;
    for (const timeout of TIMEOUTS) {
      for (const pollEvery of POLLS) {
        for (const stages of STAGES) {
          const input: PlanInput = {
            ...domainPlanInput(),
            stages: stagesOf(stages),
            approvers: { users: ['U0123ABCD'] },
            slack: { channel: 'C0123ABCD' },
            drain: { timeout, pollEvery, stableFor: '30s' },
          };
          // Act
          const result = validatePlan(input);
          // Assess
          if (result.ok) {
            allowed += 1;
            expect(worstCaseHistoryEvents(result.value), `${timeout}/${pollEvery}/${stages}`).toBeLessThanOrEqual(HISTORY_BUDGET_EVENTS);
          } else if (result.error.issues.some((i) => i.path === 'drain.pollEvery' && i.message.includes('history events'))) {
            refused += 1;
          }
        }
      }
    }
    expect(HISTORY_BUDGET_EVENTS).toBeLessThan(HISTORY_MAX_EVENTS);
    expect(allowed).toBeGreaterThan(30);
    expect(refused).toBeGreaterThan(10);
  });

  it('refuses the 14-day drain at a 1-second poll (about 1.2 million polls, 9 events each) and names the slowest poll that fits', () => {
    // Act
    const result = validatePlan({ ...domainPlanInput(), drain: { timeout: '14d', pollEvery: '1s', stableFor: '10m' } });
    // Assess
    expect(result.ok).toBe(false);
    const issue = result.ok ? undefined : result.error.issues.find((i) => i.path === 'drain.pollEvery');
    expect(issue?.message).toMatch(/can record \d{8} history events; an execution keeps 25000 \(20000 for the plan\): poll every (\d+)s or more/);
    const slowest = Number(/poll every (\d+)s or more/.exec(issue?.message ?? '')?.[1]);
    const fits = validatePlan({ ...domainPlanInput(), drain: { timeout: '14d', pollEvery: `${slowest}s`, stableFor: '10m' } });
    expect(fits.ok).toBe(true);
    expect(EVENTS_PER_DRAIN_POLL).toBe(9);
  });

  it('the default drain (2 hours, one poll a minute) is far inside the budget', () => {
    const result = validatePlan(domainPlanInput());
    expect(result.ok && worstCaseHistoryEvents(result.value)).toBeLessThan(5_000);
    expect(result.ok && historyIssues(result.value)).toEqual([]);
    expect(result.ok && minimumPollEverySeconds(result.value)).toBeLessThanOrEqual(60);
  });
});

describe('execution history budget with movers', () => {
  const movers = [{ group: 'scorer', kind: 'other' as const, move: { lambda: 'arn:aws:lambda:eu-west-1:111122223333:function:move' } }];

  it('counts the wait for the movers as a second loop polled like the drain', () => {
    // Prepare
    const without = validatePlan(domainPlanInput());
    const withMovers = validatePlan(domainPlanInput({ movers }));
    // Act
    const [a, b] = [without, withMovers].map((r) => (r.ok ? worstCaseHistoryEvents(r.value) : Number.NaN));
    // Assess
    const polls = Math.ceil(7200 / 60) + 1;
    expect((b ?? 0) - (a ?? 0)).toBe(polls * EVENTS_PER_DRAIN_POLL + 12);
  });

  it('refuses a poll that fits one loop but not two, naming the slowest poll that fits both', () => {
    // Prepare: 14 days polled every 800 s fits the drain alone (1,513 polls at 9 events each), not twice
    const drain = { timeout: '14d', pollEvery: '800s', stableFor: '10m' };
    expect(validatePlan({ ...domainPlanInput(), drain }).ok).toBe(true);
    // Act
    const result = validatePlan({ ...domainPlanInput({ movers }), drain });
    // Assess
    const issue = result.ok ? undefined : result.error.issues.find((i) => i.path === 'drain.pollEvery');
    expect(issue?.message).toMatch(/^a drain and a move of the movers of 1209600s polled every 800s can record \d+ history events/);
    const slowest = Number(/poll every (\d+)s or more/.exec(issue?.message ?? '')?.[1]);
    const fits = validatePlan({ ...domainPlanInput({ movers }), drain: { ...drain, pollEvery: `${slowest}s` } });
    expect(fits.ok && worstCaseHistoryEvents(fits.value)).toBeLessThanOrEqual(HISTORY_BUDGET_EVENTS);
  });
});
