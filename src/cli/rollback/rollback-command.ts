import type { FinishOutcome } from '../../controller/rollback/finish-rollback.ts';
import type { RollbackEventResult } from '../../controller/rollback/handle-rollback-event.ts';
import { handleRollbackEvent } from '../../controller/rollback/handle-rollback-event.ts';
import type { RollbackPorts } from '../../controller/rollback/rollback.ts';
import { type Env, parameterPrefix } from '../../environment.ts';
import { awsCall } from '../aws-call.ts';
import { type CliIo, type Command, EXIT } from '../command.ts';
import { writeJson } from '../json-output.ts';
import { parseCommandArgs } from '../parse-command-args.ts';

export interface RollbackCliPorts extends Omit<RollbackPorts, 'prefix'> {
  /** The caller's IAM principal ARN, recorded as who rolled back. */
  whoAmI(): Promise<string>;
}

export type LoadRollbackPorts = (prefix: string, env: Env) => Promise<RollbackCliPorts>;

const USAGE = `Usage: kraft-canary rollback <migration> --reason "<why>" [options]

Rolls the migration back now: producers to blue, consumers keep reading green until it is
drained, the running rollout (if any) is stopped and its lock released, and a finish-rollback
execution of the rollout's state machine, on its plan, is started to prove green drained and
drop it from the consumers (also after a rollout that ended in a hold). Same path as the
alarms.

Options:
  --reason <text>            why (required; shown in Slack and the routing document)
  --scenario <name>          early-canary | after-cutover | cluster-instability (default: from the route)
  --cluster-instability      the green cluster itself is failing
  --prefix <path>            SSM parameter prefix (default $PARAMETER_PREFIX or /kraft-canary)
  --json                     print the rollback outcome as JSON on stdout

Exit codes: 0 rolled back, or nothing to roll back; 1 racing writes outlasted the
re-assertions (check the parameter history), or AWS refused the call; 2 wrong usage or an
unknown scenario.`;

/** Who drains green now; the command to run when nobody does. */
function finishText(finish: FinishOutcome): string {
  switch (finish.kind) {
    case 'started':
      return `; started the finish-rollback execution ${finish.executionArn}`;
    case 'already-started':
    case 'finishing':
      return `; the finish-rollback execution ${finish.executionArn} drains green`;
    case 'by-hand':
      return `; nothing drains green yet (${finish.reason}): run ${finish.command}`;
    case 'not-needed':
      return '';
  }
}

function describe(result: RollbackEventResult): { text: string; code: number } {
  switch (result.kind) {
    case 'rolled-back':
      return {
        text: `${result.migration} ${result.changed ? 'rolled back' : 'was already rolled back'} (${result.scenario}); routing revision ${result.revision}${
          result.stoppedExecution ? `; stopped ${result.stoppedExecution}` : ''
        }${finishText(result.finish)}${result.holds ? '' : '; WARNING: racing writes outlasted the re-assertions, check the parameter history'}`,
        code: result.holds ? EXIT.ok : EXIT.failure,
      };
    case 'no-op':
      return { text: `${result.migration}: nothing to roll back (${result.reason})`, code: EXIT.ok };
    case 'ignored':
      return { text: `ignored: ${result.reason} (${result.detail})`, code: EXIT.usage };
    case 'malformed':
      return { text: `invalid: ${result.issues.join('; ')}`, code: EXIT.usage };
  }
}

/** `kraft-canary rollback`: the rollback use case with the operator as the actor. */
export function rollbackCommand(load: LoadRollbackPorts, env: Env): Command {
  return {
    name: 'rollback',
    summary: 'roll a migration back now (producers to blue, stop the rollout)',
    usage: USAGE,
    async run(args: readonly string[], io: CliIo): Promise<number> {
      const parsed = parseCommandArgs(args, {
        reason: { type: 'string' },
        scenario: { type: 'string' },
        'cluster-instability': { type: 'boolean' },
        prefix: { type: 'string' },
        json: { type: 'boolean' },
      });
      const [migration, ...extra] = parsed.ok ? parsed.value.positionals : [];
      const reason = parsed.ok ? parsed.value.values.reason : undefined;
      if (!parsed.ok || migration === undefined || extra.length > 0 || typeof reason !== 'string') {
        io.stderr.write(`${parsed.ok ? 'kraft-canary rollback: a migration and --reason are required' : parsed.error}\n\n${USAGE}\n`);
        return EXIT.usage;
      }
      const { values } = parsed.value;
      const prefix = typeof values.prefix === 'string' ? values.prefix : parameterPrefix(env);
      // Run it again: every step of the rollback is idempotent.
      const called = await awsCall(io, { command: 'rollback', json: values.json === true, hint: '; it is safe to run again' }, async () => {
        const ports = await load(prefix, env);
        const event = {
          source: 'operator',
          migration,
          reason,
          actor: await ports.whoAmI(),
          clusterInstability: values['cluster-instability'] === true,
          ...(typeof values.scenario === 'string' ? { scenario: values.scenario } : {}),
        };
        return handleRollbackEvent({ ...ports, prefix })(event);
      });
      if (!called.ok) return called.code;
      const result = called.value;
      const { text, code } = describe(result);
      if (values.json === true) writeJson(io, { ok: code === EXIT.ok, ...result });
      else (code === EXIT.ok ? io.stdout : io.stderr).write(`${text}\n`);
      return code;
    },
  };
}
