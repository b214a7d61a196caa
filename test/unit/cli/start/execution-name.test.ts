import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { executionName, planHash } from '../../../../src/cli/start/execution-name.ts';
import { parsePlan } from '../../../../src/domain/plan.ts';
import { executionArnOf } from '../../../../src/domain/step-functions-arn.ts';
import { CLI_PLAN_YAML } from '../../../support/cli-plan-file.ts';
import { plan } from '../../../support/rollout-fixtures.ts';

const parsed = (text: string) => {
  const result = parsePlan(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
};

describe('execution names', () => {
  it('the same plan written differently hashes the same: JSON, key order, duration spelling, explicit defaults', () => {
    // Prepare
    const raw = parseYaml(CLI_PLAN_YAML) as { migration: string; stages: { greenPercent: number; bake: string }[] };
    const { migration, ...rest } = raw;
    const respelled = {
      ...rest,
      drain: { pollEvery: '60s', timeout: '60m', stableFor: '120s' },
      stages: raw.stages.map((s) => ({ bake: s.bake.replace('15m', '900s'), greenPercent: s.greenPercent, approval: 'auto' })),
      migration,
    };
    const yaml = parsed(CLI_PLAN_YAML);
    const json = parsed(JSON.stringify(respelled));
    // Act / Assess
    expect(executionName(json)).toBe(executionName(yaml));
  });

  it('another plan gets another name', () => {
    const yaml = parsed(CLI_PLAN_YAML);
    const other = parsed(CLI_PLAN_YAML.replace('bake: 10m', 'bake: 20m'));
    expect(planHash(other)).not.toBe(planHash(yaml));
    expect(executionName(other)).not.toBe(executionName(yaml));
  });

  it.each([1, 2, 99])('attempt %i stays a valid Step Functions name even for the longest migration id', (attempt) => {
    // Prepare
    const longest = plan({ migration: `m${'x'.repeat(62)}` });
    // Act
    const name = executionName(longest, attempt);
    // Assess
    expect(name.length).toBeLessThanOrEqual(80);
    expect(name).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(name.endsWith(attempt === 1 ? planHash(longest).slice(0, 12) : `-a${attempt}`)).toBe(true);
  });

  it('each entry has names of its own for the same plan', () => {
    // Prepare
    const yaml = parsed(CLI_PLAN_YAML);
    const hash = planHash(yaml).slice(0, 12);
    // Act
    const names = [executionName(yaml), executionName(yaml, 1, 'finish-rollback'), executionName(yaml, 2, 'decommission')];
    // Assess
    expect(names).toEqual([`${yaml.migration}-${hash}`, `${yaml.migration}-finish-${hash}`, `${yaml.migration}-decommission-${hash}-a2`]);
  });

  it.each([
    ['finish-rollback', 1],
    ['decommission', 99],
  ] as const)('the %s entry (attempt %i) stays a valid name for the longest migration id', (entry, attempt) => {
    // Prepare
    const longest = plan({ migration: `m${'x'.repeat(62)}` });
    // Act
    const name = executionName(longest, attempt, entry);
    // Assess
    expect(name.length).toBeLessThanOrEqual(80);
    expect(name).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(name).toContain(`${entry === 'decommission' ? '-decommission' : '-finish'}-${planHash(longest).slice(0, 12)}`);
  });

  it('the execution ARN follows the state machine ARN', () => {
    expect(executionArnOf('arn:aws:states:eu-west-1:123456789012:stateMachine:rollout', 'orders-1')).toBe(
      'arn:aws:states:eu-west-1:123456789012:execution:rollout:orders-1',
    );
  });
});
