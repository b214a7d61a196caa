import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FieldIssue } from '@kraft-canary/client/contract';
import { parse as parseYaml } from 'yaml';
import { type Plan, validatePlan } from '../domain/plan.ts';
import { type CliIo, EXIT } from './command.ts';
import { writeJson } from './json-output.ts';

/**
 * A plan file as the operator wrote it (`raw`: what a rollout is started with, durations as
 * text) and validated (`plan`: normalized, defaults filled in).
 */
export type PlanFile =
  | { readonly kind: 'ok'; readonly raw: unknown; readonly plan: Plan }
  | { readonly kind: 'unreadable'; readonly problem: string }
  | { readonly kind: 'invalid'; readonly message: string; readonly issues: readonly FieldIssue[] };

const READ_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory',
  EACCES: 'permission denied',
};

/** Reads a YAML or JSON plan (JSON is YAML 1.2) relative to the command's directory. */
export async function loadPlanFile(cwd: string, file: string): Promise<PlanFile> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (cause) {
    const code = String((cause as NodeJS.ErrnoException).code);
    return { kind: 'unreadable', problem: READ_ERRORS[code] ?? `unreadable (${code})` };
  }
  let raw: unknown;
  try {
    raw = parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (cause) {
    const message = String((cause as Error).message).replace(/\n[\s\S]*$/, '');
    return { kind: 'invalid', message: 'plan is not valid YAML or JSON', issues: [{ path: '(root)', message }] };
  }
  const validated = validatePlan(raw);
  return validated.ok ? { kind: 'ok', raw, plan: validated.value } : { kind: 'invalid', ...validated.error };
}

/**
 * Reports a plan that cannot be used: unreadable exits 1 (the command could not do its job),
 * invalid exits 2 (fix the plan and retry). With --json the report goes to stdout.
 */
export function reportPlanProblem(command: string, file: string, problem: Exclude<PlanFile, { kind: 'ok' }>, json: boolean, io: CliIo): number {
  if (problem.kind === 'unreadable') {
    if (json) writeJson(io, { ok: false, error: 'unreadable-plan', file, message: problem.problem });
    else io.stderr.write(`kraft-canary ${command}: cannot read ${file}: ${problem.problem}\n`);
    return EXIT.failure;
  }
  if (json) writeJson(io, { ok: false, error: 'invalid-plan', file, message: problem.message, issues: problem.issues });
  else io.stderr.write(`kraft-canary ${command}: ${file}: ${problem.message}\n${problem.issues.map((i) => `  ${i.path}: ${i.message}\n`).join('')}`);
  return EXIT.usage;
}
