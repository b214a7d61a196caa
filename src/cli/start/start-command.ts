import { ENTRIES, type Entry } from '../../controller/preflight/entry-point.ts';
import type { Plan } from '../../domain/plan.ts';
import { executionArnOf } from '../../domain/step-functions-arn.ts';
import type { Env } from '../../environment.ts';
import type { ExecutionControl, ExecutionDescription, ExecutionInspector } from '../../ports/index.ts';
import { awsCall } from '../aws-call.ts';
import { type CliIo, type Command, EXIT } from '../command.ts';
import { writeJson } from '../json-output.ts';
import { parseCommandArgs } from '../parse-command-args.ts';
import { loadPlanFile, reportPlanProblem } from '../plan-file.ts';
import { executionName, MAX_ATTEMPT, planHash, STATE_MACHINE_ARN } from './execution-name.ts';

export interface StartCliPorts {
  readonly executions: Pick<ExecutionControl, 'startExecution'>;
  readonly inspector: Pick<ExecutionInspector, 'describe'>;
  /** The caller's IAM principal ARN, the default `requestedBy`. */
  whoAmI(): Promise<string>;
}

export type LoadStartPorts = (stateMachineArn: string) => Promise<StartCliPorts>;

export const START_USAGE = `Usage: kraft-canary start --plan <file> [options]

Starts the rollout state machine on a plan (StartExecution with { plan, requestedBy,
acknowledgeRollback?, entry? }). The execution is named <migration>-<hash of the normalized
plan> (<migration>-finish-<hash> or <migration>-decommission-<hash> for those entries):
running the same command again reports the execution already started, it never starts a
second one. The Preflight step then takes the lock and runs the entry's checks.

Entries:
  rollout           the plan's stages, the cutover, the drain of blue, completion and the
                    decommission; a held rollout resumes where it stopped
  finish-rollback   after a rollback: drain green and drop it from the consumers (no
                    acknowledgement needed; refused unless the migration is rolled back)
  decommission      a complete migration: prove blue drained again, then the plan's
                    decommission (dry run, or deletion after approval); refused unless complete

Options:
  --plan <file>               the rollout plan (YAML or JSON); validated before anything starts
  --state-machine-arn <arn>   the rollout state machine (default $KRAFT_CANARY_STATE_MACHINE_ARN)
  --requested-by <who>        recorded as who started it (default: your IAM principal ARN)
  --entry <entry>             rollout (default), finish-rollback or decommission
  --acknowledge-rollback      start the rollout again after a rollback (preflight then removes
                              the marker); the rollout entry only
  --attempt <n>               run the same plan and entry again once its execution has ended,
                              e.g. to resume a held rollout: names it ...-a<n> (default 1)
  --json                      print the result as JSON on stdout

Region and credentials come from the AWS SDK chain; Step Functions is called in the state
machine's region.

Exit codes: 0 started, or already started (nothing new started); 1 the plan file cannot be
read, or AWS refused or could not be reached; 2 wrong usage, no state machine ARN, or an
invalid plan.`;

interface StartRequest {
  readonly file: string;
  readonly stateMachineArn: string;
  readonly requestedBy: string | undefined;
  readonly acknowledgeRollback: boolean;
  readonly entry: Entry;
  readonly attempt: number;
  readonly json: boolean;
}

const OPTIONS = {
  plan: { type: 'string' },
  'state-machine-arn': { type: 'string' },
  'requested-by': { type: 'string' },
  'acknowledge-rollback': { type: 'boolean' },
  entry: { type: 'string' },
  attempt: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const isEntry = (value: string): value is Entry => (ENTRIES as readonly string[]).includes(value);

/** The request, or the one line that says what is wrong with the command line. */
function parseRequest(args: readonly string[], env: Env): StartRequest | string {
  const parsed = parseCommandArgs(args, OPTIONS);
  if (!parsed.ok) return parsed.error;
  const v = parsed.value.values;
  if (parsed.value.positionals.length > 0) return `unexpected argument ${JSON.stringify(parsed.value.positionals[0])}`;
  if (typeof v.plan !== 'string') return '--plan <file> is required';
  const stateMachineArn = typeof v['state-machine-arn'] === 'string' ? v['state-machine-arn'] : env.KRAFT_CANARY_STATE_MACHINE_ARN;
  if (stateMachineArn === undefined || stateMachineArn === '') return 'no state machine: pass --state-machine-arn <arn> or set KRAFT_CANARY_STATE_MACHINE_ARN';
  if (!STATE_MACHINE_ARN.test(stateMachineArn)) return `not a state machine ARN: ${stateMachineArn}`;
  const attempt = typeof v.attempt === 'string' ? Number(v.attempt) : 1;
  if (!Number.isInteger(attempt) || attempt < 1 || attempt > MAX_ATTEMPT) return `--attempt must be a whole number from 1 to ${MAX_ATTEMPT}`;
  const requestedBy = typeof v['requested-by'] === 'string' ? v['requested-by'].trim() : undefined;
  if (requestedBy !== undefined && (requestedBy === '' || requestedBy.length > 256)) return '--requested-by must be 1 to 256 characters';
  const entry = typeof v.entry === 'string' ? v.entry : 'rollout';
  if (!isEntry(entry)) return `--entry must be one of ${ENTRIES.join(', ')}, not ${JSON.stringify(entry)}`;
  const acknowledgeRollback = v['acknowledge-rollback'] === true;
  if (acknowledgeRollback && entry !== 'rollout') return `--acknowledge-rollback applies to the rollout entry only (${entry} needs no acknowledgement)`;
  return { file: v.plan, stateMachineArn, requestedBy, acknowledgeRollback, entry, attempt, json: v.json === true };
}

type Started =
  | { outcome: 'started'; executionArn: string; execution: null }
  | { outcome: 'already-started'; executionArn: string; execution: ExecutionDescription | null };

/** Asks before starting: a repeat with the very same input would otherwise look like a new start. */
async function startOnce(ports: StartCliPorts, stateMachineArn: string, name: string, input: unknown): Promise<Started> {
  const expected = executionArnOf(stateMachineArn, name);
  const existing = await ports.inspector.describe(expected);
  if (existing !== null) return { outcome: 'already-started', executionArn: existing.executionArn, execution: existing };
  const result = await ports.executions.startExecution(stateMachineArn, name, input);
  if (!result.alreadyStarted) return { outcome: 'started', executionArn: result.executionArn, execution: null };
  // Another start won the race between the two calls.
  return { outcome: 'already-started', executionArn: result.executionArn, execution: await ports.inspector.describe(result.executionArn) };
}

const iso = (ms: number | null): string => (ms === null ? 'unknown' : new Date(ms).toISOString());

function alreadyText(plan: Plan, started: Started, attempt: number): string {
  const e = started.execution;
  if (e === null) return `${plan.migration}: ${started.executionArn} was already started; nothing new started.\n`;
  if (e.status === 'RUNNING' || e.status === 'PENDING_REDRIVE') {
    return `${plan.migration}: already started, ${e.status} since ${iso(e.startedAt)}: ${e.executionArn}\nNothing new started. Follow it with: kraft-canary status ${plan.migration}\n`;
  }
  const ended = `${e.status}${e.error ? ` (${e.error})` : ''}, ended ${iso(e.stoppedAt)}`;
  return `${plan.migration}: this plan already ran as ${e.executionArn}: ${ended}.\nNothing new started. To run it again (a held rollout resumes where it stopped), add --attempt ${attempt + 1}.\n`;
}

function report(io: CliIo, request: StartRequest, plan: Plan, name: string, requestedBy: string, started: Started): number {
  if (request.json) {
    const e = started.execution;
    writeJson(io, {
      ok: true,
      outcome: started.outcome,
      migration: plan.migration,
      executionName: name,
      executionArn: started.executionArn,
      stateMachineArn: request.stateMachineArn,
      requestedBy,
      acknowledgeRollback: request.acknowledgeRollback,
      entry: request.entry,
      attempt: request.attempt,
      planHash: planHash(plan),
      execution:
        e === null ? null : { status: e.status, startedAt: iso(e.startedAt), stoppedAt: e.stoppedAt === null ? null : iso(e.stoppedAt), error: e.error },
    });
  } else if (started.outcome === 'started') {
    const ack = request.acknowledgeRollback ? ', rollback acknowledged' : '';
    const what = request.entry === 'rollout' ? 'started' : `started the ${request.entry} entry:`;
    io.stdout.write(
      `${plan.migration}: ${what} ${started.executionArn}\nRequested by ${requestedBy}${ack}. Follow it with: kraft-canary status ${plan.migration}\n`,
    );
  } else {
    io.stdout.write(alreadyText(plan, started, request.attempt));
  }
  return EXIT.ok;
}

/** `kraft-canary start`: validate the plan, then start (or find) its execution. */
export function startCommand(load: LoadStartPorts, env: Env): Command {
  return {
    name: 'start',
    summary: 'start a rollout of a plan on the state machine (a repeat starts nothing new)',
    usage: START_USAGE,
    async run(args: readonly string[], io: CliIo): Promise<number> {
      const request = parseRequest(args, env);
      if (typeof request === 'string') {
        io.stderr.write(`kraft-canary start: ${request}\n`);
        return EXIT.usage;
      }
      const loaded = await loadPlanFile(io.cwd, request.file);
      if (loaded.kind !== 'ok') return reportPlanProblem('start', request.file, loaded, request.json, io);
      const name = executionName(loaded.plan, request.attempt, request.entry);
      const called = await awsCall(io, { command: 'start', json: request.json }, async () => {
        const ports = await load(request.stateMachineArn);
        const requestedBy = request.requestedBy ?? (await ports.whoAmI());
        // The rollout's input stays as it always was; the other entries name themselves.
        const input = {
          plan: loaded.raw,
          requestedBy,
          ...(request.acknowledgeRollback ? { acknowledgeRollback: true } : {}),
          ...(request.entry === 'rollout' ? {} : { entry: request.entry }),
        };
        return { requestedBy, started: await startOnce(ports, request.stateMachineArn, name, input) };
      });
      if (!called.ok) return called.code;
      return report(io, request, loaded.plan, name, called.value.requestedBy, called.value.started);
    },
  };
}
