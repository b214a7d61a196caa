import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type Clock, systemClock } from '@kraft-canary/client/contract';
import { type Plan, parsePlan } from '../../domain/plan.ts';
import { type Env, parameterPrefix } from '../../environment.ts';
import { SYNC_SCOPES, safeReason } from '../../readiness/check-row.ts';
import type { OpenedReadinessPorts } from '../../readiness/readiness-ports.ts';
import { type AppliedAction, runReadiness } from '../../readiness/run-readiness.ts';
import { type CliIo, type Command, EXIT } from '../command.ts';
import { writeJson } from '../json-output.ts';
import { parseCommandArgs } from '../parse-command-args.ts';
import { readinessText } from './readiness-table.ts';

export type LoadReadinessPorts = (plan: Plan, prefix: string) => Promise<OpenedReadinessPorts>;

const USAGE = `Usage: kraft-canary readiness --plan <file> [--sync] [--json <file>|-]

The runbook's pre-migration checklist, read-only unless --sync:
  clusters   both reachable with the plan's auth; green ACTIVE and KRaft; specs and network vs blue
  topics     every blue topic on green: partitions, replication factor, non-default configs
  schemas    subjects, versions, schema ids and compatibility of blue's registry on green's
  consumers  blue groups stable near zero lag (baseline); each has a reader on green
  triggers   every Lambda trigger on blue has a twin on green

Options:
  --plan <file>     the rollout plan (YAML or JSON)
  --sync            change GREEN (never blue) to close the gaps: create topics, align configs,
                    import schemas with their ids (IMPORT mode), create Lambda trigger twins
                    disabled; prints what it will do first; a second run changes nothing
  --json <file>     also write the report (rows, lag baseline, changes) as JSON
  --json -          print the report as JSON on stdout instead of the table (--sync progress
                    then goes to stderr)
  --prefix <path>   SSM parameter prefix for registry logins (default $PARAMETER_PREFIX or /kraft-canary)

Exit codes: 0 ready (warnings allowed), 1 a check fails or a service is unreachable, 2 wrong usage or invalid plan.`;

async function loadPlan(file: string, io: CliIo): Promise<Plan | string> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, file), 'utf8');
  } catch (cause) {
    return `cannot read ${file} (${String((cause as NodeJS.ErrnoException).code)})`;
  }
  const parsed = parsePlan(text);
  if (parsed.ok) return parsed.value;
  return `${file}: ${parsed.error.message}\n${parsed.error.issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')}`;
}

const progress = (io: CliIo) => ({
  onSyncPlan: (descriptions: readonly string[]) => {
    io.stdout.write(`--sync will change green (${descriptions.length}):\n${descriptions.map((d) => `  - ${d}\n`).join('')}\n`);
  },
  onSyncResult: (a: AppliedAction) => {
    io.stdout.write(a.result === 'done' ? `  done: ${a.description}\n` : `  FAILED: ${a.description}: ${a.reason}\n`);
  },
});

/** `kraft-canary readiness`: the shared readiness checks against the plan's real clusters. */
export function readinessCommand(load: LoadReadinessPorts, env: Env, clock: Clock = systemClock): Command {
  return {
    name: 'readiness',
    summary: 'pre-migration checklist: clusters, topics, schemas, consumers, Lambda triggers',
    usage: USAGE,
    async run(args: readonly string[], io: CliIo): Promise<number> {
      const parsed = parseCommandArgs(args, { plan: { type: 'string' }, sync: { type: 'boolean' }, json: { type: 'string' }, prefix: { type: 'string' } });
      const values = parsed.ok ? parsed.value.values : {};
      if (!parsed.ok || typeof values.plan !== 'string' || parsed.value.positionals.length > 0) {
        io.stderr.write(`kraft-canary readiness: ${parsed.ok ? '--plan <file> is required' : parsed.error}\n\n${USAGE}\n`);
        return EXIT.usage;
      }
      const plan = await loadPlan(values.plan, io);
      if (typeof plan === 'string') {
        io.stderr.write(`kraft-canary readiness: ${plan}\n`);
        return EXIT.usage;
      }
      const prefix = typeof values.prefix === 'string' ? values.prefix : parameterPrefix(env);
      const sync = values.sync === true;
      let opened: OpenedReadinessPorts;
      try {
        opened = await load(plan, prefix);
      } catch (cause) {
        io.stderr.write(`kraft-canary readiness: cannot connect to the plan's clusters: ${safeReason(cause)}\n`);
        return EXIT.failure;
      }
      let report: Awaited<ReturnType<ReturnType<typeof runReadiness>>>;
      try {
        report = await runReadiness(opened.ports, clock)(plan, {
          sync: sync ? SYNC_SCOPES : [],
          ...progress(values.json === '-' ? { ...io, stdout: io.stderr } : io),
        });
      } finally {
        await opened.close();
      }
      if (values.json === '-') writeJson(io, report);
      else io.stdout.write(readinessText(report, sync));
      if (typeof values.json === 'string' && values.json !== '-') await writeFile(resolve(io.cwd, values.json), `${JSON.stringify(report, null, 2)}\n`);
      return report.verdict === 'fail' ? EXIT.failure : EXIT.ok;
    },
  };
}
