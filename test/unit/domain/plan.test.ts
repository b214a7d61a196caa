import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decommissionQuietSeconds, type PlanInput, parsePlan, stageGates, validatePlan } from '../../../src/domain/plan.ts';
import { BLUE_ARN, domainPlan, domainPlanInput } from '../../support/domain-fixtures.ts';

const example = (name: string) => readFileSync(new URL(`../../../examples/${name}`, import.meta.url), 'utf8');

const issuesOf = (input: unknown) => {
  const result = validatePlan(input);
  return result.ok ? [] : result.error.issues.map((i) => `${i.path}: ${i.message}`);
};

describe('examples', () => {
  it('examples/plan.yml is valid and follows the runbook', () => {
    const result = parsePlan(example('plan.yml'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.stages.map((s) => [s.greenPercent, s.bake, s.approval])).toEqual([
      [20, 900, 'slack'],
      [50, 900, 'slack'],
      [80, 900, 'slack'],
      [100, 900, 'slack'],
    ]);
    expect(result.value.drain).toEqual({ stableFor: 600, timeout: 7200, pollEvery: 60 });
    expect(result.value.decommission).toBe('dry-run');
    expect(result.value.decommissionQuietFor).toBe(1800);
    expect(result.value.window?.timeZone).toBe('Asia/Jakarta');
  });

  it('examples/broken-plan.yml reports every mistake at once, sorted by path', () => {
    const result = parsePlan(example('broken-plan.yml'));
    const paths = result.ok ? [] : result.error.issues.map((i) => i.path);
    expect(paths).toEqual([
      'approvers.users.0',
      'clusters.blue.auth.mechanism',
      'clusters.green.arn',
      'decommission',
      'drain.stableFor',
      'gates.maxErrorRate',
      'migration',
      'slack.channel',
      'stages.0.bake',
      'stages.1.greenPercent',
      'stages.2.greenPercent',
      'stages.3.aproval',
      'stages.3.greenPercent',
      'window.days.0',
      'window.start',
      'window.timeZone',
    ]);
    expect(result.ok ? '' : result.error.message).toBe('plan has 16 errors');
  });
});

describe('validatePlan rules', () => {
  const stages = (...percents: number[]) => percents.map((greenPercent) => ({ greenPercent }));
  it.each<{ name: string; overrides: Partial<PlanInput> | Record<string, unknown>; issue: string }>([
    { name: 'one stage only', overrides: { stages: stages(100) }, issue: 'stages: a plan needs at least two stages: a canary below 100 and the final 100' },
    {
      name: 'first stage at 100',
      overrides: { stages: stages(100, 100) },
      issue: 'stages.0.greenPercent: the first stage must be below 100: no jump from idle to 100',
    },
    { name: 'stages not rising', overrides: { stages: stages(20, 20, 100) }, issue: "stages.1.greenPercent: must be above the previous stage's 20" },
    { name: 'last stage below 100', overrides: { stages: stages(20, 50) }, issue: 'stages.1.greenPercent: the last stage must be 100' },
    { name: 'a stage at 0', overrides: { stages: stages(0, 100) }, issue: 'stages.0.greenPercent: must be above 0' },
    {
      name: 'slack approval without approvers',
      overrides: { stages: [{ greenPercent: 20, approval: 'slack' }, { greenPercent: 100 }], slack: { channel: 'C0123ABCD' } },
      issue: 'approvers: stages with approval: slack need approvers.users or approvers.userGroup',
    },
    {
      name: 'slack approval without a channel',
      overrides: { stages: [{ greenPercent: 20, approval: 'slack' }, { greenPercent: 100 }], approvers: { userGroup: 'S0123ABCD' } },
      issue: 'slack.channel: stages with approval: slack need a slack.channel',
    },
    {
      name: 'green is blue',
      overrides: { clusters: { blue: { arn: BLUE_ARN, bootstrap: 'b:1' }, green: { arn: BLUE_ARN, bootstrap: 'g:1' } } },
      issue: 'clusters.green.arn: green must be a different cluster from blue',
    },
    {
      name: 'window that opens and closes at once',
      overrides: { window: { days: ['mon'], start: '02:00', end: '02:00', timeZone: 'UTC' } },
      issue: 'window.end: must differ from window.start',
    },
    {
      name: 'unknown time zone',
      overrides: { window: { days: ['mon'], start: '02:00', end: '03:00', timeZone: 'Mars/Olympus' } },
      issue: 'window.timeZone: must be an IANA time zone such as Europe/Berlin',
    },
    {
      name: 'poll slower than the timeout',
      overrides: { drain: { pollEvery: '2h', timeout: '1h', stableFor: '10m' } },
      issue: 'drain.pollEvery: must not exceed drain.timeout',
    },
    { name: 'stable window as long as the timeout', overrides: { drain: { stableFor: '2h' } }, issue: 'drain.stableFor: must be shorter than drain.timeout' },
    { name: 'unreadable drain duration', overrides: { drain: { stableFor: 600 } }, issue: 'drain.stableFor: Invalid input: expected string, received number' },
    { name: 'unreadable drain timeout', overrides: { drain: { timeout: 'soon' } }, issue: 'drain.timeout: "soon" is not a duration like 15m, 1h30m or 90s' },
    { name: 'unknown field', overrides: { rollout: 'fast' }, issue: 'rollout: unknown field' },
    {
      name: 'bake out of range',
      overrides: { stages: [{ greenPercent: 20, bake: '8d' }, { greenPercent: 100 }] },
      issue: 'stages.0.bake: 8d is out of range: must be between 0s and 7d',
    },
    { name: 'no quiet period', overrides: { decommissionQuietFor: '0s' }, issue: 'decommissionQuietFor: 0s is out of range: must be between 1s and 1d' },
    {
      name: 'quiet period above a day',
      overrides: { decommissionQuietFor: '2d' },
      issue: 'decommissionQuietFor: 2d is out of range: must be between 1s and 1d',
    },
    {
      name: 'quiet period not a duration',
      overrides: { decommissionQuietFor: 900 },
      issue: 'decommissionQuietFor: Invalid input: expected string, received number',
    },
    {
      name: 'a client principal that is a session, not a role',
      overrides: { clients: { principals: [{ arn: 'arn:aws:sts::123456789012:assumed-role/orders/i-1' }] } },
      issue: 'clients.principals.0.arn: must be an IAM role or user ARN (arn:aws:iam::<account>:role/<name>)',
    },
    {
      name: 'a group MSK publishes no lag for (colon)',
      overrides: { consumerGroups: ['team:orders'] },
      issue: 'consumerGroups.0: MSK publishes no consumer lag for a group whose name contains ":"; the gates would never see it',
    },
    {
      name: 'a group CloudWatch drops (non-ASCII)',
      overrides: { consumerGroups: ['bestellungen-ä'] },
      issue: 'consumerGroups.0: CloudWatch drops consumer lag of a group whose name has characters outside printable ASCII; the gates would never see it',
    },
    {
      name: 'a lag override for a group the gates cannot see',
      overrides: { gates: { maxLagByGroup: { 'a:b': 5 } } },
      issue: 'gates.maxLagByGroup.a:b: MSK publishes no consumer lag for a group whose name contains ":"; the gates would never see it',
    },
  ])('$name', ({ overrides, issue }) => {
    expect(issuesOf({ ...domainPlanInput(), ...overrides })).toContain(issue);
  });

  it('refuses a plan too large to ride in every state under the 256 KiB quota (64 KiB budget)', () => {
    // Prepare: 600 groups of 120 characters: each is valid, together they are 73 KiB of JSON.
    const consumerGroups = Array.from({ length: 600 }, (_, i) => `group-${i}-`.padEnd(120, 'x'));
    // Act
    const issues = issuesOf({ ...domainPlanInput(), consumerGroups });
    // Assess
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^\(root\): the plan is \d+ bytes as JSON; at most 65536 fit beside the rollout's state/);
    expect(issuesOf({ ...domainPlanInput(), consumerGroups: consumerGroups.slice(0, 400) })).toEqual([]);
  });

  it('reports nothing for the runbook plan, and fills defaults', () => {
    const result = validatePlan(domainPlanInput());
    expect(result.ok && [result.value.gates.maxLag, result.value.decommission, result.value.onApprovalTimeout]).toEqual([1000, 'dry-run', 'hold']);
  });

  it('decommissionQuietFor: seconds when set, 15 minutes when left out, and absent from the normalized plan then', () => {
    const set = validatePlan({ ...domainPlanInput(), decommissionQuietFor: '1h30m' });
    const unset = validatePlan(domainPlanInput());
    expect(set.ok && decommissionQuietSeconds(set.value)).toBe(5400);
    expect(unset.ok && decommissionQuietSeconds(unset.value)).toBe(900);
    expect(unset.ok && Object.keys(unset.value)).not.toContain('decommissionQuietFor');
  });

  it('says "1 error" for a single problem', () => {
    const result = validatePlan({ ...domainPlanInput(), migration: 'Bad' });
    expect(result.ok ? '' : result.error.message).toBe('plan has 1 error');
  });

  it('reports a value that is not an object at the root', () => {
    expect(issuesOf('just text')).toEqual(['(root): Invalid input: expected object, received string']);
  });
});

describe('parsePlan', () => {
  it.each([
    { name: 'YAML syntax error', text: 'migration: [unclosed', path: '(root)' },
    { name: 'duplicate keys', text: 'migration: a\nmigration: b\n', path: '(root)' },
  ])('$name is one clear issue', ({ text, path }) => {
    const result = parsePlan(text);
    expect(result.ok ? 'ok' : [result.error.message, result.error.issues.length, result.error.issues[0]?.path]).toEqual([
      'plan is not valid YAML or JSON',
      1,
      path,
    ]);
  });

  it('reads JSON too', () => {
    expect(parsePlan(JSON.stringify(domainPlanInput())).ok).toBe(true);
  });
});

describe('stageGates', () => {
  const plan = domainPlan({
    gates: { maxLag: 1000, maxLagByGroup: { ledger: 5000 }, maxLagGrowth: 500, maxErrorRate: 0.001 },
    stages: [{ greenPercent: 20, gates: { maxLag: 200, maxLagByGroup: { audit: 10 } } }, { greenPercent: 100 }],
  });

  it.each([
    { stage: 0, expected: { maxLag: 200, maxLagByGroup: { ledger: 5000, audit: 10 }, maxLagGrowth: 500, maxErrorRate: 0.001 } },
    { stage: 1, expected: { maxLag: 1000, maxLagByGroup: { ledger: 5000 }, maxLagGrowth: 500, maxErrorRate: 0.001 } },
    { stage: 7, expected: { maxLag: 1000, maxLagByGroup: { ledger: 5000 }, maxLagGrowth: 500, maxErrorRate: 0.001 } },
  ])('stage $stage', ({ stage, expected }) => {
    expect(stageGates(plan, stage)).toEqual(expected);
  });
});

describe('movers', () => {
  const HOOK = 'arn:aws:lambda:eu-west-1:111122223333:function:move-scorer';
  const valid = {
    group: 'scorer',
    kind: 'streams',
    move: { lambda: HOOK },
    state: { strategy: 'replicate', replicatedBy: { tool: 'msk-replicator', name: 'orders' } },
  };

  it('accepts a Streams mover moved by a hook with a replicated changelog, and a Slack move with a channel', () => {
    const slack = { group: 'connect-s3', kind: 'connect', move: { slack: true }, state: { strategy: 'reprocess' } };
    expect(issuesOf(domainPlanInput({ movers: [valid, slack], slack: { channel: 'C0123ABCD' } } as Partial<PlanInput>))).toEqual([]);
  });

  it.each<{ name: string; movers: unknown; issue: string }>([
    {
      name: 'a group MSK cannot report',
      movers: [{ ...valid, group: 'a:b' }],
      issue: 'movers.0.group: MSK publishes no consumer lag for a group whose name contains ":"; the gates would never see it',
    },
    { name: 'an unknown kind', movers: [{ ...valid, kind: 'flink' }], issue: 'movers.0.kind: Invalid option: expected one of "streams"|"connect"|"other"' },
    { name: 'no way to move', movers: [{ ...valid, move: {} }], issue: 'movers.0.move: set exactly one of slack: true or lambda: <function ARN>' },
    {
      name: 'two ways to move',
      movers: [{ ...valid, move: { slack: true, lambda: HOOK } }],
      issue: 'movers.0.move: set exactly one of slack: true or lambda: <function ARN>',
    },
    {
      name: 'a hook that is not a Lambda ARN',
      movers: [{ ...valid, move: { lambda: 'arn:aws:iam::111122223333:role/x' } }],
      issue: 'movers.0.move.lambda: must be a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>)',
    },
    {
      name: 'replicate without a replica',
      movers: [{ ...valid, state: { strategy: 'replicate' } }],
      issue: 'movers.0.state.replicatedBy: replicatedBy is required with strategy replicate, and only then',
    },
    {
      name: 'a replica with rebuild',
      movers: [{ ...valid, state: { strategy: 'rebuild', replicatedBy: { tool: 'mirrormaker2', name: 'mm2' } } }],
      issue: 'movers.0.state.replicatedBy: replicatedBy is required with strategy replicate, and only then',
    },
    {
      name: 'an unknown replication tool',
      movers: [{ ...valid, state: { strategy: 'replicate', replicatedBy: { tool: 'rsync', name: 'x' } } }],
      issue: 'movers.0.state.replicatedBy.tool: Invalid option: expected one of "msk-replicator"|"mirrormaker2"',
    },
    { name: 'empty topics', movers: [{ ...valid, topics: [] }], issue: 'movers.0.topics: Too small: expected array to have >=1 items' },
    { name: 'a group listed twice', movers: [valid, valid], issue: 'movers.1.group: scorer is listed twice' },
    {
      name: 'a library group',
      movers: [{ ...valid, group: 'ledger' }],
      issue: 'movers.0.group: ledger is in consumerGroups too: a group either reads both clusters or moves at the cutover',
    },
    {
      name: 'a Slack move without a channel',
      movers: [{ ...valid, move: { slack: true } }],
      issue: 'movers.0.move.slack: a move asked for by Slack needs a slack.channel',
    },
  ])('refuses $name', ({ movers, issue }) => {
    expect(issuesOf(domainPlanInput({ movers } as Partial<PlanInput>))).toContain(issue);
  });

  it('ignores movers that are not a list or have no group name in the cross-field rules', () => {
    expect(issuesOf(domainPlanInput({ movers: 'x' } as unknown as Partial<PlanInput>))).toEqual(['movers: Invalid input: expected array, received string']);
    expect(issuesOf(domainPlanInput({ movers: [{ kind: 'other', move: { slack: true } }], consumerGroups: 'x' } as unknown as Partial<PlanInput>))).toContain(
      'movers.0.group: Invalid input: expected string, received undefined',
    );
  });
});
