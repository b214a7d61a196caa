import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { captureIo } from '../../support/cli-io.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

describe('kraft-canary main', () => {
  it.each([
    { name: '--help prints the command list on stdout', argv: ['--help'], code: 0, stream: 'out' },
    { name: '-h is --help', argv: ['-h'], code: 0, stream: 'out' },
    { name: 'help is --help', argv: ['help'], code: 0, stream: 'out' },
    { name: 'no command prints usage on stderr', argv: [], code: 2, stream: 'err' },
  ] as const)('$name (exit $code)', async ({ argv, code, stream }) => {
    // Prepare
    const io = captureIo(root);
    // Act
    const exit = await main(argv, io);
    // Assess
    expect(exit).toBe(code);
    const text = stream === 'out' ? io.out() : io.err();
    expect(text).toMatch(/^Usage: kraft-canary <command> \[options\]\n/);
    expect(text).toMatch(/\n {2}plan {9}check a rollout plan/);
    expect(text).toMatch(/\n {2}drain-check {2}is a cluster drained/);
    expect(stream === 'out' ? io.err() : io.out()).toBe('');
  });

  it('an unknown command names it and prints usage on stderr (exit 2)', async () => {
    const io = captureIo(root);
    expect(await main(['deploy-everything'], io)).toBe(2);
    expect(io.err()).toMatch(/^kraft-canary: unknown command "deploy-everything"\n\nUsage: kraft-canary/);
    expect(io.out()).toBe('');
  });

  it('does not take inherited object keys for commands', async () => {
    const io = captureIo(root);
    expect(await main(['toString'], io)).toBe(2);
  });

  it.each([['--help'], ['-h']])('<command> %s prints the command usage on stdout', async (flag) => {
    const io = captureIo(root);
    expect(await main(['plan', flag], io)).toBe(0);
    expect(io.out()).toMatch(/^Usage: kraft-canary plan validate <file> \[--json\]\n/);
  });

  it('reports an unexpected failure in one line, without a stack trace (exit 1)', async () => {
    // Prepare: a cwd that is not a string makes path resolution throw inside the command.
    const io = { ...captureIo(root), cwd: 42 as unknown as string };
    // Act
    const exit = await main(['plan', 'validate', 'examples/plan.yml'], io);
    // Assess
    expect(exit).toBe(1);
    expect(io.err()).toMatch(/^kraft-canary plan: unexpected error: .+\n$/);
    expect(io.err()).not.toMatch(/\n\s+at /);
  });
});
