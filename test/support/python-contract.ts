import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PYTHON = process.env.PYTHON ?? 'python3';

/** Runs Python at the repository root; a missing Python fails with the command that installs it. */
export function runPython(args: string[], input?: string) {
  const run = spawnSync(PYTHON, args, { cwd: ROOT, encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
  if (run.error) throw new Error(`${PYTHON} runs contrib/python, the second implementation of the contract; install it with: apt-get install -y python3`);
  return run;
}
