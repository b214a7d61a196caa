import type { Clock, Timers } from '../../ports/index.ts';
import { buildReport } from './build-report.ts';
import { autoApprove, promptApproval } from './local-approvals.ts';
import { injectionLabel, type RehearsalOptions } from './options.ts';
import { createProgressView, type ProgressOutput } from './progress.ts';
import { injectionStage, loadRehearsalPlan } from './rehearsal-plan.ts';
import { runRehearsal } from './rehearsal-run.ts';
import type { RehearsalReport } from './report.ts';
import { renderHtmlReport } from './report-html.ts';
import { renderJsonReport } from './report-json.ts';
import { renderTextReport } from './report-text.ts';

export interface RehearseDeps {
  readonly readFile: (path: string) => Promise<string>;
  readonly writeFile: (path: string, text: string) => Promise<void>;
  /** Where progress and the final summary go (a terminal gets the live display). */
  readonly out: ProgressOutput;
  /** Asks the person at the terminal; null when nobody answered in time. Absent: approvals are automatic. */
  readonly ask?: (question: string, timeoutMs: number) => Promise<string | null>;
  readonly clock: Clock;
  readonly timers: Timers;
}

export type RehearseOutcome =
  | { readonly kind: 'invalid'; readonly message: string }
  | { readonly kind: 'ran'; readonly report: RehearsalReport; readonly written: readonly string[] };

/** An unanswered approval prompt approves after this long, so an unattended terminal still finishes. */
export const PROMPT_AUTO_APPROVE_MS = 10_000;

async function planFor(deps: RehearseDeps, options: RehearsalOptions) {
  if (options.planFile === undefined) return loadRehearsalPlan(undefined, 'built-in plan');
  let text: string;
  try {
    text = await deps.readFile(options.planFile);
  } catch (cause) {
    const code = (cause as { code?: string }).code;
    return { ok: false as const, error: { message: `--plan ${options.planFile}: cannot read it (${code ?? 'unreadable'})` } };
  }
  return loadRehearsalPlan(text, options.planFile);
}

async function writeReports(deps: RehearseDeps, options: RehearsalOptions, report: RehearsalReport): Promise<string[]> {
  const files = [
    { path: options.jsonFile, text: () => renderJsonReport(report) },
    { path: options.htmlFile, text: () => renderHtmlReport(report) },
  ];
  const written: string[] = [];
  for (const { path, text } of files) {
    if (path === undefined) continue;
    await deps.writeFile(path, text());
    written.push(path);
  }
  return written;
}

/** `kraft-canary rehearse`: validates the options against the plan, runs, prints and writes the report. */
export const rehearse =
  (deps: RehearseDeps) =>
  async (options: RehearsalOptions): Promise<RehearseOutcome> => {
    const plan = await planFor(deps, options);
    if (!plan.ok) return { kind: 'invalid', message: plan.error.message };
    if (options.inject) {
      const stage = injectionStage(plan.value, options.inject);
      if (!stage.ok) return { kind: 'invalid', message: stage.error.message };
    }
    const progress = createProgressView(deps.out, deps.clock.now());
    const { ask } = deps;
    // The live display must not redraw over a question at the terminal.
    const askQuietly =
      ask &&
      (async (question: string, timeoutMs: number) => {
        const resume = progress.suspend();
        try {
          return await ask(question, timeoutMs);
        } finally {
          resume();
        }
      });
    const record = await runRehearsal({
      plan: plan.value,
      services: options.services,
      instances: options.instances,
      rate: options.rate,
      speed: options.speed,
      inject: options.inject,
      decide: askQuietly ? promptApproval(askQuietly, PROMPT_AUTO_APPROVE_MS) : autoApprove,
      progress,
      clock: deps.clock,
      timers: deps.timers,
    });
    progress.close();
    const report = buildReport({
      ...record,
      plan: plan.value,
      planSource: options.planFile ?? 'built-in',
      instances: options.instances,
      rate: options.rate,
      speed: options.speed,
      inject: options.inject ? injectionLabel(options.inject) : null,
    });
    deps.out.write(`\n${renderTextReport(report)}`);
    return { kind: 'ran', report, written: await writeReports(deps, options, report) };
  };
