import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/**
 * A fixed plan for the CLI's golden tests, written out here (not built from shared fixtures)
 * so that its hash, and with it the execution name in the golden files, stays put.
 */
export const CLI_PLAN_YAML = `migration: orders
clusters:
  blue:
    arn: arn:aws:kafka:eu-west-1:123456789012:cluster/orders-blue/0b1c2d3e-aaaa-bbbb-cccc-111122223333-2
    bootstrap: b-1.orders-blue.kafka.eu-west-1.amazonaws.com:9098
  green:
    arn: arn:aws:kafka:eu-west-1:123456789012:cluster/orders-green/9f8e7d6c-aaaa-bbbb-cccc-444455556666-3
    bootstrap: b-1.orders-green.kafka.eu-west-1.amazonaws.com:9098
consumerGroups: [billing]
stages:
  - { greenPercent: 20, bake: 15m }
  - { greenPercent: 50, bake: 15m }
  - { greenPercent: 100, bake: 10m }
drain: { stableFor: 2m, timeout: 1h, pollEvery: 1m }
`;

/** A temporary directory holding plan.yml (the plan above) and any further files given; removed after the test. */
export function cliPlanDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'kc-cli-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'plan.yml'), CLI_PLAN_YAML);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
