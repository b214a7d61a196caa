import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CfnTemplate, ciPackage, packageTemplate, ROOT } from '../../support/package-template.ts';

/**
 * Two migrations deployed to the same stage, account and region: every name AWS requires to be
 * unique there (stack, functions, roles, log groups, state machine, alarms, dashboard, schedule,
 * API, parameters, queues, exports) must differ, or the second deployment replaces the first.
 */
const NOT_PHYSICAL = new Set(['PolicyName', 'StageName', 'ScheduleExpressionTimezone', 'MetricName']);

/** `Type.Property = value` for every literal (or Fn::Join / Fn::Sub) name in the template. */
function physicalNames(template: CfnTemplate, stackName: string): string[] {
  const names = [`stack = ${stackName}`];
  for (const [, resource] of Object.entries(template.Resources)) {
    for (const [key, value] of Object.entries(resource.Properties ?? {})) {
      if (!key.endsWith('Name') || NOT_PHYSICAL.has(key)) continue;
      const literal = typeof value === 'string' || (typeof value === 'object' && value !== null && ('Fn::Join' in value || 'Fn::Sub' in value));
      if (literal) names.push(`${resource.Type}.${key} = ${JSON.stringify(value)}`);
    }
  }
  for (const output of Object.values(template.Outputs ?? {})) if (output.Export) names.push(`export = ${JSON.stringify(output.Export.Name)}`);
  return names;
}

let dir: string;
let first: string[];
let second: string[];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kraft-canary-two-migrations-'));
  const plan = readFileSync(join(ROOT, 'deploy/ci-plan.yml'), 'utf8').replace('migration: orders-kraft', 'migration: payments-kraft');
  writeFileSync(join(dir, 'payments-plan.yml'), plan);
  const a = ciPackage();
  // An interface endpoint's private DNS name is unique in its VPC (ServiceName counts as a name
  // here): the second migration in the same VPC uses the first one's endpoints.
  const b = packageTemplate(join(dir, 'payments'), { migration: 'payments-kraft', schedulePlan: join(dir, 'payments-plan.yml'), vpcEndpoints: 'none' });
  first = physicalNames(a.template, a.stackName);
  second = physicalNames(b.template, b.stackName);
}, 600_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('two migrations on one stage (osls package --stage ci twice)', () => {
  it('share no physical name: stack, functions, roles, log groups, state machine, alarms, schedule, API, exports', () => {
    // Assess
    expect(first.length).toBeGreaterThan(30);
    // The same names less the 8 VPC endpoints the second one leaves to the first.
    expect(second).toHaveLength(first.length - 8);
    expect(second.filter((name) => first.includes(name))).toEqual([]);
    expect(first).toContain('stack = kraft-canary-ci-orders-kraft');
    expect(second).toContain('stack = kraft-canary-ci-payments-kraft');
  });
});
