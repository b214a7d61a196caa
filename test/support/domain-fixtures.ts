import type { RoutingDocument } from '@kraft-canary/client/contract';
import { type Plan, type PlanInput, validatePlan } from '../../src/domain/plan.ts';

export const BLUE_ARN = 'arn:aws:kafka:ap-southeast-3:111122223333:cluster/payments-zk/6a1f0c2e-1b2c-4d5e-8f90-a1b2c3d4e5f6-4';
export const GREEN_ARN = 'arn:aws:kafka:ap-southeast-3:111122223333:cluster/payments-kraft/0d9e8f7a-6b5c-4d3e-9f21-0a9b8c7d6e5f-2';
export const EXEC_ARN = 'arn:aws:states:ap-southeast-3:111122223333:execution:kraft-canary-rollout:payments-1';
export const AT = Date.parse('2026-05-04T03:00:00.000Z');

/** The runbook's plan: 20 → 50 → 80 → 100 with 15-minute bakes. */
export function domainPlanInput(overrides: Partial<PlanInput> = {}): PlanInput {
  return {
    migration: 'payments',
    clusters: {
      blue: { arn: BLUE_ARN, bootstrap: 'b-1.payments-zk.kafka.ap-southeast-3.amazonaws.com:9098' },
      green: { arn: GREEN_ARN, bootstrap: 'b-1.payments-kraft.kafka.ap-southeast-3.amazonaws.com:9098' },
    },
    consumerGroups: ['ledger'],
    stages: [{ greenPercent: 20 }, { greenPercent: 50 }, { greenPercent: 80 }, { greenPercent: 100 }],
    ...overrides,
  };
}

export function domainPlan(overrides: Partial<PlanInput> = {}): Plan {
  const result = validatePlan(domainPlanInput(overrides));
  if (!result.ok) throw new Error(result.error.issues.map((i) => `${i.path}: ${i.message}`).join('; '));
  return result.value;
}

export function doc(overrides: Partial<RoutingDocument> = {}): RoutingDocument {
  return {
    schema: 1,
    migration: 'payments',
    revision: 7,
    phase: 'canary',
    producers: { greenPercent: 20 },
    consumers: { blue: true, green: true },
    updatedAt: '2026-05-04T02:00:00.000Z',
    updatedBy: 'rollout',
    reason: 'stage 0',
    executionArn: EXEC_ARN,
    ...overrides,
  };
}
