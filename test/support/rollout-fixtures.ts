import type { RoutingDocument } from '@kraft-canary/client/contract';
import { type Plan, type PlanInput, validatePlan } from '../../src/domain/plan.ts';

export const BLUE_ARN = 'arn:aws:kafka:eu-west-1:123456789012:cluster/orders-blue/0b1c2d3e-aaaa-bbbb-cccc-111122223333-2';
export const GREEN_ARN = 'arn:aws:kafka:eu-west-1:123456789012:cluster/orders-green/9f8e7d6c-aaaa-bbbb-cccc-444455556666-3';
export const EXECUTION_ARN = 'arn:aws:states:eu-west-1:123456789012:execution:rollout:run-1';
export const OTHER_EXECUTION_ARN = 'arn:aws:states:eu-west-1:123456789012:execution:rollout:run-0';
export const T0 = Date.parse('2026-05-04T10:00:00.000Z');

/** The runbook's plan: 20 → 50 → 80 → 100, a person approves the step after 50. */
export function planInput(overrides: Partial<PlanInput> = {}): PlanInput {
  return {
    migration: 'orders',
    clusters: {
      blue: { arn: BLUE_ARN, bootstrap: 'b-1.orders-blue.kafka.eu-west-1.amazonaws.com:9098' },
      green: { arn: GREEN_ARN, bootstrap: 'b-1.orders-green.kafka.eu-west-1.amazonaws.com:9098' },
    },
    consumerGroups: ['billing'],
    stages: [
      { greenPercent: 20, bake: '15m' },
      { greenPercent: 50, bake: '15m', approval: 'slack' },
      { greenPercent: 80, bake: '20m' },
      { greenPercent: 100, bake: '10m' },
    ],
    approvers: { users: ['U0123ABCD'] },
    slack: { channel: 'C0123ABCD' },
    drain: { stableFor: '10m', timeout: '2h', pollEvery: '1m' },
    ...overrides,
  };
}

export function plan(overrides: Partial<PlanInput> = {}): Plan {
  const result = validatePlan(planInput(overrides));
  if (!result.ok) throw new Error(`fixture plan is invalid: ${result.error.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  return result.value;
}

export function routingDoc(overrides: Partial<RoutingDocument> = {}): RoutingDocument {
  return {
    schema: 1,
    migration: 'orders',
    revision: 1,
    phase: 'idle',
    producers: { greenPercent: 0 },
    consumers: { blue: true, green: false },
    updatedAt: new Date(T0).toISOString(),
    updatedBy: 'alice',
    reason: 'start',
    ...overrides,
  };
}
