import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../../../src/cli/main.ts';
import { captureIo } from '../../../support/cli-io.ts';

const root = fileURLToPath(new URL('../../../..', import.meta.url));
const golden = (name: string) => readFileSync(new URL(`golden/${name}`, import.meta.url), 'utf8');
const USAGE = /\n\nUsage: kraft-canary plan validate <file> \[--json\]\n/;

const run = async (...argv: string[]) => {
  const io = captureIo(root);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
};

describe('kraft-canary plan validate: golden output', () => {
  it('a valid plan: ok and a one-line summary on stdout, exit 0', async () => {
    expect(await run('plan', 'validate', 'examples/plan.yml')).toEqual({ code: 0, out: golden('plan-validate-ok.stdout.txt'), err: '' });
  });

  it('an invalid plan: every error as path: message on stderr, exit 2', async () => {
    expect(await run('plan', 'validate', 'examples/broken-plan.yml')).toEqual({
      code: 2,
      out: '',
      err: golden('plan-validate-broken.stderr.txt'),
    });
  });

  it('a bake too short for the gates to see 5 one-minute periods: exit 2, naming the stage', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'kraft-canary-plan-'));
    const text = readFileSync(join(root, 'examples/plan.yml'), 'utf8').replace(/bake: \S+/, 'bake: 2m');
    writeFileSync(join(dir, 'short.yml'), text);
    // Act
    const result = await run('plan', 'validate', join(dir, 'short.yml'));
    // Assess
    expect(result.code).toBe(2);
    expect(result.err).toContain('stages.0.bake: 120s is under 5 metric periods of 60s');
  });

  it('a missing file: one clear line, exit 1', async () => {
    expect(await run('plan', 'validate', 'examples/no-such-plan.yml')).toEqual({
      code: 1,
      out: '',
      err: 'kraft-canary plan validate: cannot read examples/no-such-plan.yml: no such file\n',
    });
  });

  it('a directory: one clear line, exit 1', async () => {
    expect(await run('plan', 'validate', 'examples')).toEqual({ code: 1, out: '', err: 'kraft-canary plan validate: cannot read examples: is a directory\n' });
  });

  it('YAML that does not parse: one issue at the root, exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plan-'));
    writeFileSync(join(dir, 'plan.yml'), 'migration: [unclosed\n');
    const result = await run('plan', 'validate', join(dir, 'plan.yml'));
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^.*plan\.yml: plan is not valid YAML or JSON\n\(root\): .+\n$/);
  });
});

describe('kraft-canary plan validate --json', () => {
  it('valid: ok, summary and the plan with defaults filled in', async () => {
    const result = await run('plan', 'validate', 'examples/plan.yml', '--json');
    const body = JSON.parse(result.out);
    expect([result.code, result.err, body.ok, body.file, body.plan.migration, body.plan.stages.length]).toEqual([
      0,
      '',
      true,
      'examples/plan.yml',
      'payments-kraft',
      4,
    ]);
    expect(`ok\n${body.summary}\n`).toBe(golden('plan-validate-ok.stdout.txt'));
  });

  it('invalid: every error with its path, exit 2', async () => {
    const result = await run('plan', 'validate', '--json', 'examples/broken-plan.yml');
    const body = JSON.parse(result.out);
    expect([result.code, body.ok, body.message, body.errors.length, body.errors[0]]).toEqual([
      2,
      false,
      'plan has 16 errors',
      16,
      { path: 'approvers.users.0', message: 'must be a Slack user id such as U0123ABCD' },
    ]);
  });

  it('unreadable: the reason, exit 1', async () => {
    const result = await run('plan', 'validate', 'nope.yml', '--json');
    expect([result.code, JSON.parse(result.out)]).toEqual([1, { ok: false, file: 'nope.yml', error: 'no such file' }]);
  });
});

describe('kraft-canary plan: usage errors exit 2 with usage on stderr', () => {
  it.each([
    { name: 'no action', argv: [], problem: 'unknown action ""' },
    { name: 'unknown action', argv: ['check', 'x.yml'], problem: 'unknown action "check"' },
    { name: 'no file', argv: ['validate'], problem: 'expected exactly one <file>' },
    { name: 'two files', argv: ['validate', 'a.yml', 'b.yml'], problem: 'expected exactly one <file>' },
    { name: 'unknown option', argv: ['validate', '--yaml', 'a.yml'], problem: "Unknown option '--yaml'" },
  ])('$name', async ({ argv, problem }) => {
    const result = await run('plan', ...argv);
    expect([result.code, result.out]).toEqual([2, '']);
    expect(result.err.startsWith(`kraft-canary plan: ${problem}`)).toBe(true);
    expect(result.err).toMatch(USAGE);
  });
});
