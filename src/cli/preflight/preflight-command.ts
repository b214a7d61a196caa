import { type Clock, systemClock } from '@kraft-canary/client/contract';
import { ENTRIES, type Entry } from '../../controller/preflight/entry-point.ts';
import type { PreflightOutput } from '../../controller/preflight/preflight.ts';
import { type PreflightDryRun, preflightDryRun } from '../../controller/preflight/preflight-dry-run.ts';
import type { PreflightPorts } from '../../controller/preflight/preflight-ports.ts';
import { type Env, parameterPrefix } from '../../environment.ts';
import { awsCall } from '../aws-call.ts';
import { type CliIo, type Command, EXIT } from '../command.ts';
import { writeJson } from '../json-output.ts';
import { parseCommandArgs } from '../parse-command-args.ts';
import { loadPlanFile, reportPlanProblem } from '../plan-file.ts';
import { readinessTable } from '../readiness/readiness-table.ts';

export type LoadPreflightPorts = (prefix: string, env: Env) => Promise<Omit<PreflightPorts, 'clock' | 'prefix'>>;

export const PREFLIGHT_USAGE = `Usage: kraft-canary preflight --plan <file> [--entry <entry>] [--acknowledge-rollback] [--prefix <path>] [--json]

Runs the checks of the rollout's Preflight step from here, against the real clusters (the
plan's bootstrap and auth: IAM, or SCRAM from Secrets Manager), SSM and CloudWatch, without
writing anything: no lock is taken, no marker removed, no routing document written, no topic
created. It lists what the Preflight step would write, and where a rollout would start.

Checks: the plan, the lock, the rollback marker, the routing document (fresh start or the
stage to resume), the composite alarm, both clusters in MSK, topic parity (after the plan's
topics.sync), blue's consumer lag, KRaft mode and specs, schema registries, readers on green,
Lambda trigger twins. With --entry finish-rollback: the plan, the lock and a rolled-back
routing document only; with --entry decommission: the plan, the lock, the marker, a complete
routing document, the composite alarm and both clusters in MSK.

Options:
  --plan <file>             the rollout plan (YAML or JSON)
  --entry <entry>           rollout (default), finish-rollback or decommission, as
                            \`start --entry\` would run
  --acknowledge-rollback    check as \`start --acknowledge-rollback\` would run
  --prefix <path>           SSM parameter prefix (default $PARAMETER_PREFIX or /kraft-canary);
                            the alarm name prefix is $ALARM_PREFIX (default kraft-canary)
  --json                    print the outcome and the writes left out as JSON on stdout

Exit codes: 0 ready; 1 refused (a check failed, locked, rolled back, in alarm, ...), the plan
file cannot be read, or AWS could not be reached; 2 wrong usage or an invalid plan.`;

const OPTIONS = {
  plan: { type: 'string' },
  entry: { type: 'string' },
  'acknowledge-rollback': { type: 'boolean' },
  prefix: { type: 'string' },
  json: { type: 'boolean' },
} as const;

const isEntry = (value: string): value is Entry => (ENTRIES as readonly string[]).includes(value);

function startLine(outcome: Extract<PreflightOutput, { kind: 'ready' }>): string {
  const { startAtStage, stageCount, resume } = outcome;
  if (outcome.entry === 'finish-rollback') {
    return outcome.finishRollback?.greenConsumed ? 'would drain green and drop it from the consumers' : 'nothing to drain: consumers no longer read green';
  }
  if (outcome.entry === 'decommission') return `would prove blue drained, then decommission it (${outcome.decommission})`;
  if (startAtStage >= stageCount) return 'would resume at the drain (the cutover is done)';
  const stage = `stage ${startAtStage + 1} of ${stageCount} (${outcome.stages[startAtStage]?.greenPercent}% green)`;
  return resume ? `would resume at ${stage}` : `would start at ${stage}`;
}

function windowText(outcome: Extract<PreflightOutput, { kind: 'ready' }>, now: number): string {
  if (outcome.entry === 'finish-rollback') return 'it does not wait for the change window';
  if (!outcome.changeWindow) return 'no change window';
  const opens = Date.parse(outcome.windowOpensAt);
  return opens <= now ? 'inside the change window now' : `the change window opens ${outcome.windowOpensAt}`;
}

function text(dry: PreflightDryRun, now: number): string {
  const { outcome, wouldWrite } = dry;
  const lines = outcome.checks.length > 0 ? [readinessTable(outcome.checks), ''] : [];
  if (outcome.kind === 'refused') {
    lines.push(`${outcome.migration ?? 'plan'}: REFUSED (${outcome.code}): ${outcome.message}`);
  } else {
    lines.push(`${outcome.migration}: READY — ${startLine(outcome)}; ${windowText(outcome, now)}`);
  }
  lines.push('Dry run: nothing was written.');
  if (wouldWrite.length > 0) lines.push('The Preflight step would write:', ...wouldWrite.map((w) => `  - ${w}`));
  return `${lines.join('\n')}\n`;
}

/** `kraft-canary preflight`: the Preflight step's checks, read-only, from the operator's machine. */
export function preflightCommand(load: LoadPreflightPorts, env: Env, clock: Clock = systemClock): Command {
  return {
    name: 'preflight',
    summary: "the rollout's preflight checks against the real clusters, writing nothing",
    usage: PREFLIGHT_USAGE,
    async run(args: readonly string[], io: CliIo): Promise<number> {
      const parsed = parseCommandArgs(args, OPTIONS);
      const values = parsed.ok ? parsed.value.values : {};
      if (!parsed.ok || typeof values.plan !== 'string' || parsed.value.positionals.length > 0) {
        io.stderr.write(`kraft-canary preflight: ${parsed.ok ? '--plan <file> is required, and nothing else' : parsed.error}\n`);
        return EXIT.usage;
      }
      const entry = typeof values.entry === 'string' ? values.entry : 'rollout';
      if (!isEntry(entry)) {
        io.stderr.write(`kraft-canary preflight: --entry must be one of ${ENTRIES.join(', ')}, not ${JSON.stringify(entry)}\n`);
        return EXIT.usage;
      }
      const json = values.json === true;
      const loaded = await loadPlanFile(io.cwd, values.plan);
      if (loaded.kind !== 'ok') return reportPlanProblem('preflight', values.plan, loaded, json, io);
      const prefix = typeof values.prefix === 'string' ? values.prefix : parameterPrefix(env);
      const called = await awsCall(io, { command: 'preflight', json }, async () => {
        const ports = { ...(await load(prefix, env)), clock, prefix };
        return preflightDryRun(ports)({
          plan: loaded.raw,
          requestedBy: 'kraft-canary preflight',
          acknowledgeRollback: values['acknowledge-rollback'] === true,
          entry,
        });
      });
      if (!called.ok) return called.code;
      const dry = called.value;
      if (json) writeJson(io, { ok: dry.outcome.kind === 'ready', dryRun: true, outcome: dry.outcome, wouldWrite: dry.wouldWrite });
      else io.stdout.write(text(dry, clock.now()));
      if (dry.outcome.kind === 'ready') return EXIT.ok;
      return dry.outcome.code === 'invalid-plan' ? EXIT.usage : EXIT.failure;
    },
  };
}
