import { MIGRATION_ID } from '@kraft-canary/client/contract';
import { type ApplyControlPorts, applyControl } from '../controller/controls/apply-control.ts';
import { takeoverText } from '../controller/controls/control-lock.ts';
import { appliedText } from '../controller/controls/control-outcome-text.ts';
import type { Control } from '../domain/controls.ts';
import { type Env, parameterPrefix } from '../environment.ts';
import { awsCall } from './aws-call.ts';
import { type CliIo, type Command, EXIT } from './command.ts';
import { writeJson } from './json-output.ts';
import { parseCommandArgs } from './parse-command-args.ts';

export interface ControlCliPorts extends Omit<ApplyControlPorts, 'prefix'> {
  /** The caller's IAM principal ARN, recorded as who used the control. */
  whoAmI(): Promise<string>;
}

export type LoadControlPorts = (prefix: string, env: Env) => Promise<ControlCliPorts>;

/** What one control command is: its name, its texts, and whether it needs a reason or a confirmation. */
/** The options and exit codes every control command shares, the last lines of its usage. */
export const CONTROL_USAGE_TAIL = `  --prefix <path>   SSM parameter prefix (default $PARAMETER_PREFIX or /kraft-canary)
  --json            print the outcome as JSON on stdout

Controls of one migration are serialised: one that finds another being applied is refused
with who holds the control lock and until when; a lock left by a crashed command lapses after
two minutes, and the next control takes it over and says so.
Exit codes: 0 applied; 1 refused (wrong phase or state, named in one line; nothing written),
busy, or AWS refused the call; 2 wrong usage.`;

export interface ControlCommandSpec {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly reasonRequired: boolean;
  /** `promote`: `--full` turns it into promote-full, which needs --yes or an interactive yes. */
  readonly control: (full: boolean) => Control;
}

async function confirmed(io: CliIo, yes: boolean, migration: string): Promise<boolean> {
  if (yes) return true;
  if (io.prompt === undefined) return false;
  const answer = await io.prompt(`Promote ${migration} to the cutover (100% of producers on green), skipping the remaining stages? Type yes: `);
  return answer?.trim().toLowerCase() === 'yes';
}

/** A control command (`pause`, `resume`, `promote`, `step-back`) over the applyControl use case. */
export function controlCommand(spec: ControlCommandSpec, load: LoadControlPorts, env: Env): Command {
  return {
    name: spec.name,
    summary: spec.summary,
    usage: spec.usage,
    async run(args: readonly string[], io: CliIo): Promise<number> {
      const parsed = parseCommandArgs(args, {
        reason: { type: 'string' },
        full: { type: 'boolean' },
        yes: { type: 'boolean' },
        prefix: { type: 'string' },
        json: { type: 'boolean' },
      });
      const [migration, ...extra] = parsed.ok ? parsed.value.positionals : [];
      const values = parsed.ok ? parsed.value.values : {};
      const reason = typeof values.reason === 'string' ? values.reason.trim() : '';
      const full = values.full === true;
      const misused = !parsed.ok || migration === undefined || extra.length > 0 || !MIGRATION_ID.test(migration);
      if (misused || (spec.reasonRequired && reason === '') || (full && spec.name !== 'promote')) {
        const problem = !parsed.ok
          ? parsed.error
          : misused
            ? 'give exactly one migration id'
            : full
              ? '--full is an option of promote only'
              : '--reason is required';
        io.stderr.write(`kraft-canary ${spec.name}: ${problem}\n\n${spec.usage}\n`);
        return EXIT.usage;
      }
      const control = spec.control(full);
      if (control === 'promote-full' && !(await confirmed(io, values.yes === true, migration))) {
        io.stderr.write(`kraft-canary ${spec.name}: not confirmed: pass --yes (or answer yes on a terminal) to promote --full; nothing written\n`);
        return EXIT.usage;
      }
      const prefix = typeof values.prefix === 'string' ? values.prefix : parameterPrefix(env);
      const json = values.json === true;
      const called = await awsCall(io, { command: spec.name, json, fields: { control, migration } }, async () => {
        const ports = await load(prefix, env);
        return applyControl({ ...ports, prefix })({ migration, control, actor: await ports.whoAmI(), reason: reason || `${spec.name} from the CLI` });
      });
      if (!called.ok) return called.code;
      const outcome = called.value;
      const code = outcome.kind === 'applied' ? EXIT.ok : EXIT.failure;
      if (json) {
        writeJson(io, { ok: code === EXIT.ok, migration, ...outcome });
        return code;
      }
      if (outcome.tookOver !== undefined) io.stderr.write(`kraft-canary ${spec.name}: ${takeoverText(outcome.tookOver)}\n`);
      if (outcome.kind === 'applied') io.stdout.write(`${appliedText(outcome, migration)}\n`);
      else io.stderr.write(`kraft-canary ${spec.name}: ${outcome.message}; nothing written\n`);
      return code;
    },
  };
}
