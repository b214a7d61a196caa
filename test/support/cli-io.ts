import type { CliIo } from '../../src/cli/command.ts';

/** A CliIo that records what a command prints. */
export function captureIo(cwd: string): CliIo & { out: () => string; err: () => string } {
  let stdout = '';
  let stderr = '';
  return {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    cwd,
    out: () => stdout,
    err: () => stderr,
  };
}
