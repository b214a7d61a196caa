import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { captureIo } from '../../support/cli-io.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const COMMANDS = [
  'approve',
  'drain-check',
  'pause',
  'plan',
  'preflight',
  'promote',
  'readiness',
  'rehearse',
  'reject',
  'resume',
  'rollback',
  'start',
  'status',
  'step-back',
];

describe('kraft-canary <command> --help', () => {
  it('lists every command', async () => {
    const io = captureIo(root);
    expect(await main(['--help'], io)).toBe(0);
    const listed = [...io.out().matchAll(/^ {2}(\S+) +/gm)].map((m) => m[1]);
    expect(listed).toEqual(COMMANDS);
  });

  it.each(COMMANDS)('%s documents its usage, --json and its exit codes', async (name) => {
    // Act
    const io = captureIo(root);
    const code = await main([name, '--help'], io);
    // Assess
    expect([code, io.err()]).toEqual([0, '']);
    expect(io.out()).toMatch(/^Usage: kraft-canary /);
    expect(io.out()).toMatch(/--json/);
    expect(io.out()).toMatch(/Exit codes: 0 [\s\S]*1 [\s\S]*2 /);
  });
});
