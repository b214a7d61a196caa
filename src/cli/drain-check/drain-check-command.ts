import { type Clock, systemClock, systemTimers, type Timers } from '@kraft-canary/client/contract';
import { type DrainCheckResult, drainCheck } from '../../controller/drain/drain-check.ts';
import type { DrainBlocker } from '../../domain/drain.ts';
import { formatDuration, parseDuration } from '../../domain/duration.ts';
import type { KafkaAdmins } from '../../ports/index.ts';
import { awsProblem } from '../aws-problem.ts';
import { type CliIo, type Command, EXIT } from '../command.ts';
import { writeJson } from '../json-output.ts';
import { parseCommandArgs } from '../parse-command-args.ts';
import { loadPlanFile, reportPlanProblem } from '../plan-file.ts';

export type LoadDrainCheckKafka = () => Promise<KafkaAdmins>;

export const DRAIN_CHECK_USAGE = `Usage: kraft-canary drain-check --plan <file> [--cluster blue|green] [--polls <n> --every <duration>] [--json]

The drain check of the rollout (ConfirmDrain), run from here against the real cluster with
the plan's bootstrap and auth (IAM, or SCRAM from Secrets Manager): committed offsets of
every consumer group against the high watermarks, judged by the same rule. Drained means every
partition of every group consumed, the plan's groups present, and the watermarks unchanged
over at least two polls spanning the plan's drain.stableFor. Lists every blocking partition.
Reads only; MessagesInPerSec is not read: new messages show as moved watermarks.

Options:
  --plan <file>         the rollout plan (YAML or JSON)
  --cluster <side>      blue (after the cutover, the default) or green (after a rollback)
  --polls <n>           snapshots to take, 1 to 100 (default 1: a single poll cannot prove a drain)
  --every <duration>    time between polls, e.g. 30s or 1m (default: the plan's drain.pollEvery)
  --json                print the verdict and every blocker as JSON on stdout

Exit codes: 0 drained (proven); 1 not drained (blocked, or caught up but not yet proven), or
the cluster could not be read; 2 wrong usage or an invalid plan.`;

const OPTIONS = {
  plan: { type: 'string' },
  cluster: { type: 'string' },
  polls: { type: 'string' },
  every: { type: 'string' },
  json: { type: 'boolean' },
} as const;

interface Request {
  readonly file: string;
  readonly cluster: 'blue' | 'green';
  readonly polls: number;
  readonly everySeconds: number | undefined;
  readonly json: boolean;
}

function parseRequest(args: readonly string[]): Request | string {
  const parsed = parseCommandArgs(args, OPTIONS);
  if (!parsed.ok) return parsed.error;
  const v = parsed.value.values;
  if (parsed.value.positionals.length > 0) return `unexpected argument ${JSON.stringify(parsed.value.positionals[0])}`;
  if (typeof v.plan !== 'string') return '--plan <file> is required';
  const cluster = v.cluster ?? 'blue';
  if (cluster !== 'blue' && cluster !== 'green') return '--cluster must be blue or green';
  const polls = typeof v.polls === 'string' ? Number(v.polls) : 1;
  if (!Number.isInteger(polls) || polls < 1 || polls > 100) return '--polls must be a whole number from 1 to 100';
  const everySeconds = typeof v.every === 'string' ? (parseDuration(v.every) ?? -1) : undefined;
  if (everySeconds !== undefined && (everySeconds < 1 || everySeconds > 3600)) return '--every must be a duration from 1s to 1h, such as 30s or 1m';
  return { file: v.plan, cluster, polls, everySeconds, json: v.json === true };
}

const iso = (ms: number) => new Date(ms).toISOString();

function blockerTable(blocking: readonly DrainBlocker[]): string[] {
  const rows = blocking.map((b) => [
    b.reason,
    b.group ?? '-',
    b.topic === undefined ? '-' : `${b.topic}/${b.partition}`,
    b.lag === undefined ? '-' : String(b.lag),
  ]);
  const all = [['REASON', 'GROUP', 'PARTITION', 'LAG'], ...rows];
  const widths = [0, 1, 2].map((c) => Math.max(...all.map((r) => (r[c] as string).length)));
  return all.map((r) => `  ${r.map((cell, c) => (c < 3 ? cell.padEnd(widths[c] as number) : cell)).join('  ')}`.trimEnd());
}

function verdictLines(result: DrainCheckResult, stableFor: number, everySeconds: number): string[] {
  const { verdict } = result;
  if (verdict.drained) {
    const p = verdict.proof;
    return [`DRAINED: ${p.groups} group(s), ${p.partitions} partition(s), stable for ${formatDuration(p.stableForSeconds)} (proven at ${iso(p.provenAt)})`];
  }
  if (result.status === 'caught-up') {
    const needed = Math.max(2, Math.ceil(stableFor / Math.max(1, everySeconds)) + 1);
    const streak = verdict.streak;
    const stable = streak.since === null ? 0 : Math.floor((result.polls.at(-1)!.at - streak.since) / 1000);
    return [
      `CAUGHT UP, NOT PROVEN DRAINED: nothing left to consume in the last poll, but a proof needs unchanged watermarks over at least two polls spanning ${formatDuration(stableFor)} (this run: ${streak.polls} poll(s), ${formatDuration(stable)}).`,
      `Poll again with --polls ${needed} --every ${formatDuration(everySeconds)}.`,
    ];
  }
  return [`NOT DRAINED: ${verdict.blocking.length} blocker(s)`, ...blockerTable(verdict.blocking)];
}

function text(migration: string, result: DrainCheckResult, stableFor: number, everySeconds: number): string {
  const spacing = result.polls.length > 1 ? ` ${formatDuration(everySeconds)} apart` : '';
  const lines = [`${migration}: drain check of ${result.cluster}, ${result.polls.length} poll(s)${spacing}; drain.stableFor ${formatDuration(stableFor)}`];
  result.polls.forEach((p, i) => {
    lines.push(`  poll ${i + 1}  ${iso(p.at)}  ${p.groups} group(s), ${p.partitions} committed partition(s), ${p.blocking} blocking`);
  });
  return `${[...lines, ...verdictLines(result, stableFor, everySeconds)].join('\n')}\n`;
}

/** `kraft-canary drain-check`: the domain drain verdict on snapshots of one cluster. */
export function drainCheckCommand(load: LoadDrainCheckKafka, clock: Clock = systemClock, timers: Timers = systemTimers): Command {
  return {
    name: 'drain-check',
    summary: 'is a cluster drained? the drain verdict with every blocking partition',
    usage: DRAIN_CHECK_USAGE,
    async run(args: readonly string[], io: CliIo): Promise<number> {
      const request = parseRequest(args);
      if (typeof request === 'string') {
        io.stderr.write(`kraft-canary drain-check: ${request}\n`);
        return EXIT.usage;
      }
      const loaded = await loadPlanFile(io.cwd, request.file);
      if (loaded.kind !== 'ok') return reportPlanProblem('drain-check', request.file, loaded, request.json, io);
      const { plan } = loaded;
      const everySeconds = request.everySeconds ?? plan.drain.pollEvery;
      let result: DrainCheckResult;
      try {
        result = await drainCheck({ kafka: await load(), clock, timers })({ plan, cluster: request.cluster, polls: request.polls, everySeconds });
      } catch (error) {
        if (request.json) writeJson(io, { ok: false, error: 'kafka', message: `cannot read ${request.cluster}: ${awsProblem(error)}` });
        else io.stderr.write(`kraft-canary drain-check: cannot read ${request.cluster}: ${awsProblem(error)}\n`);
        return EXIT.failure;
      }
      if (request.json) {
        const polls = result.polls.map((p) => ({ ...p, at: iso(p.at) }));
        writeJson(io, {
          ok: result.status === 'drained',
          migration: plan.migration,
          cluster: result.cluster,
          status: result.status,
          stableForSeconds: plan.drain.stableFor,
          everySeconds,
          polls,
          verdict: result.verdict,
        });
      } else {
        io.stdout.write(text(plan.migration, result, plan.drain.stableFor, everySeconds));
      }
      return result.status === 'drained' ? EXIT.ok : EXIT.failure;
    },
  };
}
