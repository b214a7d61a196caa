import { describe, expect, it } from 'vitest';
import { boundedName, deploymentNames, FUNCTION_KEYS, NAME_LIMITS } from '../../../src/deploy/resource-names.ts';

const LONGEST_MIGRATION = `m${'x'.repeat(62)}`;
const LONGEST_STAGE = `s${'y'.repeat(39)}`;

describe('deploymentNames', () => {
  it('names the ci deployment after its migration, as before where the names fit', () => {
    // Act
    const names = deploymentNames('ci', 'orders-kraft', 'eu-west-1');
    // Assess
    expect(names).toMatchObject({
      stack: 'kraft-canary-ci-orders-kraft',
      prefix: 'kraft-canary-ci',
      stateMachine: 'kraft-canary-ci-orders-kraft',
      schedule: 'kraft-canary-ci-orders-kraft-rollout',
    });
    expect(names.functions.slackInteractions).toBe('kraft-canary-ci-orders-kraft-slackInteractions');
    // The framework's own name for the publisher's rule: a deployed rule keeps it.
    expect(names.routingChangeRule).toBe('kraft-canary-ci-orders-kraft-publishRouting-rule-1');
    expect(names.roles.preflight).toBe('kraft-canary-ci-orders-kraft-preflight-eu-west-1');
  });

  it.each([
    ['the longest migration id', 'prod', LONGEST_MIGRATION],
    ['the longest stage and migration id', LONGEST_STAGE, LONGEST_MIGRATION],
  ])('keeps every name within its service limit for %s (state machine: 80 characters)', (_, stage, migration) => {
    // Act
    const names = deploymentNames(stage, migration, 'ap-southeast-2');
    // Assess
    expect(names.stateMachine.length).toBeLessThanOrEqual(NAME_LIMITS.stateMachine);
    expect(names.stack.length).toBeLessThanOrEqual(NAME_LIMITS.stack);
    expect(names.schedule.length).toBeLessThanOrEqual(NAME_LIMITS.schedule);
    expect(names.routingChangeRule).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
    for (const key of FUNCTION_KEYS) {
      expect(names.functions[key].length, key).toBeLessThanOrEqual(NAME_LIMITS.function);
      expect(names.functions[key].endsWith(`-${key}`), key).toBe(true);
      expect(names.roles[key].length, key).toBeLessThanOrEqual(NAME_LIMITS.role);
    }
    expect(names.stateMachine).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
  });

  it.each([
    // kraft-canary-<stage>-<migration>-publishRouting-rule-1: 36 characters besides the stage and the migration id.
    ['has 64 characters', 'prd', 'm'.repeat(25), `kraft-canary-prd-${'m'.repeat(25)}-publishRouting-rule-1`],
    ['would have 65', 'prd', 'm'.repeat(26), /^kraft-canary-prd-m{16}-[0-9a-f]{8}-publishRouting-rule-1$/],
  ])("names the routing change rule within 64 characters when the framework's name %s", (_, stage, migration, expected) => {
    // Act
    const rule = deploymentNames(stage, migration, 'eu-west-1').routingChangeRule;
    // Assess
    if (typeof expected === 'string') expect(rule).toBe(expected);
    else expect(rule).toMatch(expected);
    expect(rule.length).toBeLessThanOrEqual(NAME_LIMITS.rule);
  });

  it('keeps two long migration ids that share their first 55 characters apart', () => {
    // Prepare
    const a = deploymentNames('prod', `${'a'.repeat(55)}-one`, 'eu-west-1');
    const b = deploymentNames('prod', `${'a'.repeat(55)}-two`, 'eu-west-1');
    // Assess
    expect(a.stateMachine).not.toBe(b.stateMachine);
    for (const key of FUNCTION_KEYS) expect(a.functions[key]).not.toBe(b.functions[key]);
    for (const key of FUNCTION_KEYS) expect(a.roles[key]).not.toBe(b.roles[key]);
    expect(a.routingChangeRule).not.toBe(b.routingChangeRule);
  });

  it('refuses a stage or migration id that no name could carry', () => {
    expect(() => deploymentNames('has space', 'orders', 'eu-west-1')).toThrow(/stage/);
    expect(() => deploymentNames('prod', 'Orders_Kraft', 'eu-west-1')).toThrow(/migration/);
  });
});

describe('boundedName', () => {
  it.each([
    ['fits', 'abc', 'key', 10, 'abc-key'],
    ['no tail, fits', 'abcdef', '', 6, 'abcdef'],
  ])('%s: unchanged', (_, head, tail, max, expected) => {
    expect(boundedName(head, tail, max)).toBe(expected);
  });

  it('cuts the head, keeps the tail and puts a hash between them', () => {
    // Act
    const name = boundedName('kraft-canary-prod-a-very-long-migration-name', 'slackInteractions', 40);
    // Assess
    expect(name.length).toBeLessThanOrEqual(40);
    expect(name).toMatch(/^kraft-canary-[0-9a-f]{8}-slackInteractions$/);
  });

  it('refuses a limit too small for the tail and the hash', () => {
    expect(() => boundedName('head', 'a-long-tail', 12)).toThrow(/cannot name/);
  });
});
