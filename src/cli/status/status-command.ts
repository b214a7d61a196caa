import { MIGRATION_ID } from '@kraft-canary/client/contract';
import { type MigrationStatus, type MigrationStatusPorts, migrationStatus } from '../../controller/status/migration-status.ts';
import { type Env, parameterPrefix } from '../../environment.ts';
import { awsCall } from '../aws-call.ts';
import { type CliIo, type Command, EXIT } from '../command.ts';
import { writeJson } from '../json-output.ts';
import { parseCommandArgs } from '../parse-command-args.ts';
import { statusText } from './status-text.ts';

export type LoadStatusPorts = (prefix: string) => Promise<Omit<MigrationStatusPorts, 'prefix'>>;

export const STATUS_USAGE = `Usage: kraft-canary status <migration> [--prefix <ssm-prefix>] [--json]

Where a migration is, read-only: the routing document (phase, green %, revision, who wrote it
when and why), the rollback marker and the rollout lock in SSM, the execution holding the lock
(or the one that last wrote the document) from Step Functions, its current state and stage,
and the last gate result in its recent history. What cannot be known is shown as unknown.

Options:
  --prefix <path>   SSM parameter prefix (default $PARAMETER_PREFIX or /kraft-canary)
  --json            print the status as JSON on stdout

Exit codes: 0 status shown; 1 no such migration (no document, marker or lock), an unreadable
routing document, or SSM refused or could not be reached; 2 wrong usage.`;

const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : new Date(ms).toISOString());

/** Epoch milliseconds as ISO 8601 in the JSON output, like the routing document's own times. */
function statusJson(s: MigrationStatus, prefix: string, found: boolean): unknown {
  const e = s.execution;
  return {
    ok: found && s.routingProblem === null,
    found,
    prefix,
    ...s,
    execution:
      e === null
        ? null
        : {
            ...e,
            startedAt: iso(e.startedAt),
            stoppedAt: iso(e.stoppedAt),
            state: e.state === null ? null : { name: e.state.name, enteredAt: iso(e.state.enteredAt) },
          },
    lastGate: s.lastGate === null ? null : { ...s.lastGate, at: iso(s.lastGate.at) },
  };
}

/** `kraft-canary status`: the migration status use case over SSM and Step Functions. */
export function statusCommand(load: LoadStatusPorts, env: Env): Command {
  return {
    name: 'status',
    summary: 'where a migration is: routing, rollback marker, lock, execution, stage, last gate',
    usage: STATUS_USAGE,
    async run(args: readonly string[], io: CliIo): Promise<number> {
      const parsed = parseCommandArgs(args, { prefix: { type: 'string' }, json: { type: 'boolean' } });
      const [migration, ...extra] = parsed.ok ? parsed.value.positionals : [];
      if (!parsed.ok || migration === undefined || extra.length > 0 || !MIGRATION_ID.test(migration)) {
        io.stderr.write(`kraft-canary status: ${parsed.ok ? 'give exactly one migration id' : parsed.error}\n`);
        return EXIT.usage;
      }
      const { prefix: given, json } = parsed.value.values;
      const prefix = typeof given === 'string' ? given : parameterPrefix(env);
      const called = await awsCall(io, { command: 'status', json: json === true }, async () => migrationStatus({ ...(await load(prefix)), prefix })(migration));
      if (!called.ok) return called.code;
      const status = called.value;
      const found = status.routing !== null || status.routingProblem !== null || status.rollbackMarker !== null || status.lockHolder !== null;
      if (json === true) writeJson(io, statusJson(status, prefix, found));
      else if (found) io.stdout.write(statusText(status, prefix));
      else io.stderr.write(`kraft-canary status: no migration ${migration} under ${prefix}: no routing document, rollback marker or lock\n`);
      return found && status.routingProblem === null ? EXIT.ok : EXIT.failure;
    },
  };
}
