import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NAMED_RESOURCES } from '../../../src/deploy/template-names.ts';
import { type CfnTemplate, packageTemplate, ROOT } from '../../support/package-template.ts';

/**
 * The longest migration id (63 characters) packaged: every name the stack sets, whether
 * resource-names.ts or the framework derives it, stays within its service's limit (the
 * packaging hook refuses any that does not, so packaging at all proves most of it).
 */
const LONGEST_MIGRATION = `m${'x'.repeat(61)}z`;

let dir: string;
let template: CfnTemplate;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kraft-canary-long-names-'));
  const plan = readFileSync(join(ROOT, 'deploy/ci-plan.yml'), 'utf8').replace('migration: orders-kraft', `migration: ${LONGEST_MIGRATION}`);
  writeFileSync(join(dir, 'plan.yml'), plan);
  template = packageTemplate(join(dir, 'package'), { migration: LONGEST_MIGRATION, schedulePlan: join(dir, 'plan.yml') }).template;
}, 320_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the longest migration id (osls package --stage ci)', () => {
  it('names every resource within its limit, the routing change rule included', () => {
    // Prepare
    const named = Object.entries(template.Resources).flatMap(([id, resource]) => {
      const limits = NAMED_RESOURCES[resource.Type];
      const name = limits === undefined ? undefined : resource.Properties[limits.property];
      return limits === undefined || typeof name !== 'string' ? [] : [{ id, type: resource.Type, name, limit: limits.limit }];
    });
    const rules = named.filter((n) => n.type === 'AWS::Events::Rule');
    // Assess
    expect(named.length).toBeGreaterThan(40);
    expect(named.filter((n) => n.name.length > n.limit)).toEqual([]);
    expect(rules.map((n) => n.name)).toEqual([expect.stringMatching(/^kraft-canary-ci-mx+-[0-9a-f]{8}-publishRouting-rule-1$/)]);
    expect(rules[0]?.name).toHaveLength(64);
  });
});
