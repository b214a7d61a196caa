import { MIGRATION_ID, systemClock, systemTimers } from '@kraft-canary/client/contract';
import { type MigrationStatus, type MigrationStatusPorts, migrationStatus } from '../../controller/status/migration-status.ts';
import { type Env, parameterPrefix } from '../../environment.ts';
import type { Clock, Timers } from '../../ports/index.ts';
import { awsCall } from '../aws-call.ts';
import { type CliIo, type Command, EXIT } from '../command.ts';
import { writeJson } from '../json-output.ts';
import { parseCommandArgs } from '../parse-command-args.ts';
import { statusText } from './status-text.ts';
import { watchStatus } from './status-watch.ts';
import { watchExtras, watchLines } from './status-watch-view.ts';

export type LoadStatusPorts = (prefix: string, env: Env) => Promise<Omit<MigrationStatusPorts, 'prefix'>>;

/** What `--watch` runs on: time, the end signal (Ctrl-C) and whether stdout is a terminal. */
export interface WatchDeps {
  readonly clock: Clock;
  readonly timers: Timers;
  readonly signal: AbortSignal;
  readonly isTTY: boolean;
}

const processWatch = (): WatchDeps => {
  const stop = new AbortController();
  process.once('SIGINT', () => stop.abort());
  return { clock: systemClock, timers: systemTimers, signal: stop.signal, isTTY: process.stdout.isTTY === true };
};

export const STATUS_USAGE = `Usage: kraft-canary status <migration> [--watch [--interval <seconds>]] [--prefix <ssm-prefix>] [--json]

Where a migration is, read-only: the routing document (phase, green %, revision, who wrote it
when and why), the rollback marker and the rollout lock in SSM, the execution holding the lock
(or the one that last wrote the document) from Step Functions, its current state and stage,
the last gate result in its recent history, the lowest and highest routing revision the
clients applied (their RoutingRevision metric in CloudWatch, last 5 minutes) and whether all
have the current one, a pause or a pending control (promote, step back). What cannot be known
is shown as unknown.

With --watch the view refreshes in place (like \`kubectl argo rollouts get rollout --watch\`)
until Ctrl-C, and adds the bake left, who the rollout waits for (an approval, a resume) and
the last gate's analysis.
When stdout is not a terminal it prints a block whenever something changed; with --json one
JSON line per refresh.

Options:
  --watch             refresh until interrupted
  --interval <s>      seconds between refreshes with --watch (default 5, at least 1)
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
    fleetRevision: s.fleetRevision.kind === 'reported' ? { ...s.fleetRevision, at: iso(s.fleetRevision.at) } : s.fleetRevision,
  };
}

/** `kraft-canary status`: the migration status use case over SSM and Step Functions. */
function statusJsonLine(s: MigrationStatus, prefix: string, now: number): unknown {
  const found = s.routing !== null || s.routingProblem !== null || s.rollbackMarker !== null || s.lockHolder !== null;
  return { at: new Date(now).toISOString(), ...(statusJson(s, prefix, found) as object), watch: watchExtras(s, now) };
}

function watch(
  load: LoadStatusPorts,
  env: Env,
  prefix: string,
  migration: string,
  io: CliIo,
  json: boolean,
  intervalMs: number,
  deps: WatchDeps,
): Promise<number> {
  let ports: MigrationStatusPorts | null = null;
  const read = async () => {
    ports ??= { ...(await load(prefix, env)), prefix };
    return migrationStatus(ports)(migration);
  };
  return watchStatus({
    read,
    text: (s, now) => `${statusText(s, prefix)}${watchLines(s, watchExtras(s, now), now)}`,
    json: (s, now) => statusJsonLine(s, prefix, now),
    out: io.stdout,
    mode: json ? 'json' : deps.isTTY ? 'tty' : 'plain',
    clock: deps.clock,
    timers: deps.timers,
    intervalMs,
    signal: deps.signal,
  });
}

export function statusCommand(load: LoadStatusPorts, env: Env, watchDeps: () => WatchDeps = processWatch): Command {
  return {
    name: 'status',
    summary: 'where a migration is: routing, rollback marker, lock, execution, stage, last gate',
    usage: STATUS_USAGE,
    async run(args: readonly string[], io: CliIo): Promise<number> {
      const parsed = parseCommandArgs(args, {
        prefix: { type: 'string' },
        json: { type: 'boolean' },
        watch: { type: 'boolean' },
        interval: { type: 'string' },
      });
      const [migration, ...extra] = parsed.ok ? parsed.value.positionals : [];
      if (!parsed.ok || migration === undefined || extra.length > 0 || !MIGRATION_ID.test(migration)) {
        io.stderr.write(`kraft-canary status: ${parsed.ok ? 'give exactly one migration id' : parsed.error}\n`);
        return EXIT.usage;
      }
      const { prefix: given, json, watch: watching, interval } = parsed.value.values;
      const prefix = typeof given === 'string' ? given : parameterPrefix(env);
      const seconds = interval === undefined ? 5 : Number(interval);
      if (!Number.isFinite(seconds) || seconds < 1 || (interval !== undefined && watching !== true)) {
        io.stderr.write(`kraft-canary status: --interval takes a number of seconds (at least 1), with --watch\n`);
        return EXIT.usage;
      }
      if (watching === true) {
        await watch(load, env, prefix, migration, io, json === true, seconds * 1000, watchDeps());
        return EXIT.ok;
      }
      const called = await awsCall(io, { command: 'status', json: json === true }, async () =>
        migrationStatus({ ...(await load(prefix, env)), prefix })(migration),
      );
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
