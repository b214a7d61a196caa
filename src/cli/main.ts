import { type CliIo, type Command, EXIT } from './command.ts';

/**
 * Every command of `kraft-canary`. To add one: write src/cli/commands/<name>.ts exporting
 * `command: Command` ({ name, summary, usage, run }) and add ONE line below, in alphabetical
 * order. Commands load lazily, so `plan validate` never loads Kafka or AWS code.
 */
const COMMANDS: Readonly<Record<string, () => Promise<{ command: Command }>>> = {
  approve: () => import('./commands/approve.ts'),
  'drain-check': () => import('./commands/drain-check.ts'),
  plan: () => import('./commands/plan.ts'),
  preflight: () => import('./commands/preflight.ts'),
  readiness: () => import('./commands/readiness.ts'),
  rehearse: () => import('./commands/rehearse.ts'),
  reject: () => import('./commands/reject.ts'),
  rollback: () => import('./commands/rollback.ts'),
  start: () => import('./commands/start.ts'),
  status: () => import('./commands/status.ts'),
};

const HELP = new Set(['--help', '-h', 'help']);

async function usage(): Promise<string> {
  const lines: string[] = [];
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length)) + 2;
  for (const [name, load] of Object.entries(COMMANDS)) {
    const { command } = await load();
    lines.push(`  ${name.padEnd(width)}${command.summary}`);
  }
  return [
    'Usage: kraft-canary <command> [options]',
    '',
    'Canary migration of live Kafka traffic between clusters.',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `kraft-canary <command> --help` for the options of one command.',
  ].join('\n');
}

const processIo = (): CliIo => ({ stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() });

/** Runs the command line (without node and the script path) and resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    io.stderr.write(`${await usage()}\n`);
    return EXIT.usage;
  }
  if (HELP.has(name)) {
    io.stdout.write(`${await usage()}\n`);
    return EXIT.ok;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (load === undefined) {
    io.stderr.write(`kraft-canary: unknown command ${JSON.stringify(name)}\n\n${await usage()}\n`);
    return EXIT.usage;
  }
  const { command } = await load();
  if (args.some((arg) => HELP.has(arg) && arg !== 'help')) {
    io.stdout.write(`${command.usage}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run(args, io);
  } catch (cause) {
    // Commands report expected problems themselves; this is a bug or an outage: no stack trace.
    io.stderr.write(`kraft-canary ${name}: unexpected error: ${(cause as Error).message}\n`);
    return EXIT.failure;
  }
}
