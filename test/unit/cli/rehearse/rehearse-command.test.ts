import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../../src/cli/main.ts';
import { captureIo } from '../../../support/cli-io.ts';

describe('kraft-canary rehearse (command line)', () => {
  it('prints its usage with --help', async () => {
    // Prepare
    const io = captureIo('/');

    // Act
    const code = await main(['rehearse', '--help'], io);

    // Assess
    expect(code).toBe(0);
    await expect(io.out()).toMatchFileSnapshot('./golden/rehearse-help.stdout.txt');
  });

  it.each([
    { argv: ['--services', '0'], message: 'kraft-canary rehearse: --services must be a whole number from 1 to 64, got "0"\n' },
    {
      argv: ['--inject', 'green-outage@35'],
      message: 'kraft-canary rehearse: --inject green-outage@35: the plan has no stage at 35% (its stages: 20, 50, 80, 100)\n',
    },
    {
      argv: ['--inject', 'broker-fire'],
      message:
        'kraft-canary rehearse: --inject: unknown fault "broker-fire"; supported: green-outage@<percent>, green-slow@<percent>[x<factor>], e.g. green-outage@50, green-slow@50x3\n',
    },
    { argv: ['--plan', 'no-such-plan.yml'], message: 'kraft-canary rehearse: --plan /no-such-plan.yml: cannot read it (ENOENT)\n' },
  ])('refuses $argv before starting anything (exit 2)', async ({ argv, message }) => {
    // Prepare
    const io = captureIo('/');

    // Act
    const code = await main(['rehearse', ...argv], io);

    // Assess
    expect(code).toBe(2);
    expect(io.err()).toBe(message);
    expect(io.out()).toBe('');
  });

  it('lists every problem of an invalid plan file (exit 2)', async () => {
    // Prepare
    const dir = mkdtempSync(join(tmpdir(), 'rehearse-'));
    writeFileSync(join(dir, 'plan.yml'), 'migration: rehearsal\nstages: [{ greenPercent: 50 }]\n');
    const io = captureIo(dir);

    // Act
    const code = await main(['rehearse', '--plan', 'plan.yml'], io);

    // Assess
    expect(code).toBe(2);
    expect(io.err()).toMatch(/^kraft-canary rehearse: .*plan\.yml: plan has \d+ errors\n/);
    expect(io.err()).toContain('  clusters: ');
    expect(io.err()).toContain('  stages.0.greenPercent: the last stage must be 100\n');
  });
});
