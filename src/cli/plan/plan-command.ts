import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { err } from '@kraft-canary/client/contract';
import { bakeIssues } from '../../domain/bake-periods.ts';
import { parsePlan } from '../../domain/plan.ts';
import { type CliIo, type Command, EXIT } from '../command.ts';
import { parseCommandArgs } from '../parse-command-args.ts';
import { planSummary } from './plan-summary.ts';

const usage = `Usage: kraft-canary plan validate <file> [--json]

Checks a rollout plan (YAML or JSON) and reports every problem at once.

Options:
  --json    print the result as JSON on stdout

Exit codes: 0 valid, 1 file unreadable, 2 invalid plan or wrong usage.`;

const READ_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
};

async function readPlanFile(path: string): Promise<{ text: string } | { problem: string }> {
  try {
    return { text: await readFile(path, 'utf8') };
  } catch (cause) {
    const code = String((cause as NodeJS.ErrnoException).code);
    return { problem: READ_ERRORS[code] ?? `unreadable (${code})` };
  }
}

async function validate(file: string, json: boolean, io: CliIo): Promise<number> {
  const read = await readPlanFile(resolve(io.cwd, file));
  const print = (value: unknown) => io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  if ('problem' in read) {
    if (json) print({ ok: false, file, error: read.problem });
    else io.stderr.write(`kraft-canary plan validate: cannot read ${file}: ${read.problem}\n`);
    return EXIT.failure;
  }
  const parsed = parsePlan(read.text);
  // On AWS the gates judge one-minute CloudWatch periods (the rehearsal scales its own).
  const short = parsed.ok ? bakeIssues(parsed.value.stages, 60) : [];
  const result = short.length > 0 ? err({ message: `plan has ${short.length} error${short.length === 1 ? '' : 's'}`, issues: short }) : parsed;
  if (!result.ok) {
    if (json) print({ ok: false, file, message: result.error.message, errors: result.error.issues });
    else io.stderr.write(`${file}: ${result.error.message}\n${result.error.issues.map((i) => `${i.path}: ${i.message}\n`).join('')}`);
    return EXIT.usage;
  }
  const summary = planSummary(result.value);
  if (json) print({ ok: true, file, summary, plan: result.value });
  else io.stdout.write(`ok\n${summary}\n`);
  return EXIT.ok;
}

export const command: Command = {
  name: 'plan',
  summary: 'check a rollout plan: kraft-canary plan validate <file>',
  usage,
  async run(args, io) {
    const parsed = parseCommandArgs(args, { json: { type: 'boolean', default: false } });
    if (!parsed.ok) {
      io.stderr.write(`kraft-canary plan: ${parsed.error}\n\n${usage}\n`);
      return EXIT.usage;
    }
    const [action, file, ...extra] = parsed.value.positionals;
    if (action !== 'validate' || file === undefined || extra.length > 0) {
      const problem = action !== 'validate' ? `unknown action ${JSON.stringify(action ?? '')}` : 'expected exactly one <file>';
      io.stderr.write(`kraft-canary plan: ${problem}\n\n${usage}\n`);
      return EXIT.usage;
    }
    return validate(file, parsed.value.values.json === true, io);
  },
};
