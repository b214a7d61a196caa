import type { Env } from '../environment.ts';
import { type CliIo, type Command, EXIT } from './command.ts';
import { terminalPrompt } from './terminal-prompt.ts';

/**
 * Every command of `kraft-canary`. To add one: a folder src/cli/<name>/ with `<name>-command.ts`
 * building a `Command` ({ name, summary, usage, run }) and its AWS wiring beside it, and ONE line
 * below, in alphabetical order. Commands load lazily, so `plan validate` never loads Kafka or AWS
 * code; the AWS wiring loads the SDK only when the command runs.
 */
const COMMANDS: Readonly<Record<string, (env: Env) => Promise<Command>>> = {
  approve: async (env) => (await import('./approval/aws-approval-ports.ts')).awsApprovalCommand('approve', env),
  'drain-check': async () => (await import('./drain-check/aws-drain-check-kafka.ts')).awsDrainCheckCommand(),
  pause: async (env) => (await import('./pause/pause-command.ts')).awsPauseCommand(env),
  plan: async () => (await import('./plan/plan-command.ts')).command,
  preflight: async (env) => (await import('./preflight/aws-preflight-ports.ts')).awsPreflightCommand(env),
  promote: async (env) => (await import('./promote/promote-command.ts')).awsPromoteCommand(env),
  readiness: async (env) => (await import('./readiness/aws-readiness-ports.ts')).awsReadinessCommand(env),
  rehearse: async () => (await import('./rehearse/rehearse-command.ts')).command,
  reject: async (env) => (await import('./approval/aws-approval-ports.ts')).awsApprovalCommand('reject', env),
  resume: async (env) => (await import('./resume/resume-command.ts')).awsResumeCommand(env),
  rollback: async (env) => (await import('./rollback/aws-rollback-ports.ts')).awsRollbackCommand(env),
  start: async (env) => (await import('./start/aws-start-ports.ts')).awsStartCommand(env),
  status: async (env) => (await import('./status/aws-status-ports.ts')).awsStatusCommand(env),
  'step-back': async (env) => (await import('./step-back/step-back-command.ts')).awsStepBackCommand(env),
};

const HELP = new Set(['--help', '-h', 'help']);

async function usage(env: Env): Promise<string> {
  const lines: string[] = [];
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length)) + 2;
  for (const [name, load] of Object.entries(COMMANDS)) {
    const command = await load(env);
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

const processIo = (): CliIo => {
  const prompt = terminalPrompt();
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), ...(prompt === undefined ? {} : { prompt }) };
};

/** Runs the command line (without node and the script path) and resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo(), env: Env = process.env): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    io.stderr.write(`${await usage(env)}\n`);
    return EXIT.usage;
  }
  if (HELP.has(name)) {
    io.stdout.write(`${await usage(env)}\n`);
    return EXIT.ok;
  }
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (load === undefined) {
    io.stderr.write(`kraft-canary: unknown command ${JSON.stringify(name)}\n\n${await usage(env)}\n`);
    return EXIT.usage;
  }
  const command = await load(env);
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
