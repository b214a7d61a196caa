import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { systemClock, systemTimers } from '@kraft-canary/client/contract';
import { KoffiMissingError, LibrdkafkaMissingError } from '../../local/errors.ts';
import { RehearsalError } from '../../local/rehearsal/errors.ts';
import { parseRehearsalOptions, REHEARSAL_USAGE, type RehearsalOptions } from '../../local/rehearsal/options.ts';
import type { ProgressOutput } from '../../local/rehearsal/progress.ts';
import { rehearse } from '../../local/rehearsal/rehearse.ts';
import { type CliIo, type Command, EXIT } from '../command.ts';

const usage = `${REHEARSAL_USAGE}
Exit codes: 0 nothing lost and the migration ended as expected (complete, or rolled back
when a fault was injected), 1 otherwise, 2 wrong usage or an invalid plan.`;

/** A question at the terminal that gives up after `timeoutMs` (null: nobody answered). */
async function askAtTerminal(question: string, timeoutMs: number): Promise<string | null> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    return await rl.question(`\n${question}`, { signal });
  } catch {
    process.stdout.write('\n');
    return null;
  } finally {
    rl.close();
  }
}

const interactive = (io: CliIo) => io.stdout === process.stdout && process.stdin.isTTY === true && process.stdout.isTTY === true;

function resolvePaths(options: RehearsalOptions, cwd: string): RehearsalOptions {
  const at = (path: string | undefined) => (path === undefined ? undefined : resolve(cwd, path));
  return {
    ...options,
    ...(options.planFile ? { planFile: at(options.planFile) } : {}),
    ...(options.jsonFile ? { jsonFile: at(options.jsonFile) } : {}),
    ...(options.htmlFile ? { htmlFile: at(options.htmlFile) } : {}),
  };
}

export const command: Command = {
  name: 'rehearse',
  summary: 'run a whole migration on this machine and account for every message',
  usage,
  async run(args, io) {
    const parsed = parseRehearsalOptions(args);
    if (!parsed.ok) {
      io.stderr.write(`kraft-canary rehearse: ${parsed.error.message}\n`);
      return EXIT.usage;
    }
    if (parsed.value.help) {
      io.stdout.write(`${usage}\n`);
      return EXIT.ok;
    }
    const out = io.stdout as ProgressOutput;
    const outcome = await rehearse({
      readFile: (path) => readFile(path, 'utf8'),
      writeFile: (path, text) => writeFile(path, text, 'utf8'),
      out: { write: (text) => out.write(text), isTTY: out.isTTY === true, ...(out.columns ? { columns: out.columns } : {}) },
      ...(interactive(io) ? { ask: askAtTerminal } : {}),
      clock: systemClock,
      timers: systemTimers,
    })(resolvePaths(parsed.value, io.cwd)).catch((cause: unknown) => {
      // A missing dependency, or a rehearsal that could not run (brokers, a fleet that never kept up), says itself what happened.
      if (!(cause instanceof KoffiMissingError || cause instanceof LibrdkafkaMissingError || cause instanceof RehearsalError)) throw cause;
      return { kind: 'missing' as const, message: cause.message };
    });
    if (outcome.kind === 'missing') {
      io.stderr.write(`kraft-canary rehearse: ${outcome.message}\n`);
      return EXIT.failure;
    }
    if (outcome.kind === 'invalid') {
      io.stderr.write(`kraft-canary rehearse: ${outcome.message}\n`);
      return EXIT.usage;
    }
    for (const file of outcome.written) io.stdout.write(`report written: ${file}\n`);
    return outcome.report.outcome.passed ? EXIT.ok : EXIT.failure;
  },
};
