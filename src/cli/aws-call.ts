import { awsProblem } from './aws-problem.ts';
import { type CliIo, EXIT } from './command.ts';
import { writeJson } from './json-output.ts';

export interface AwsCallReport {
  /** The command's name, as it prefixes its error lines. */
  readonly command: string;
  /** --json: the problem goes to stdout as `{ ok: false, …fields, error: 'aws', message }`. */
  readonly json: boolean;
  /** Fields that lead the JSON problem (e.g. the action and the migration). */
  readonly fields?: Readonly<Record<string, unknown>>;
  /** Appended to the text line (e.g. that the command is safe to run again). */
  readonly hint?: string;
}

/**
 * The part every AWS-backed command shares between parsing its arguments and printing its
 * answer: run the AWS calls; when they throw, report the problem once (its safe description,
 * never the raw error) as JSON on stdout with --json or as a line on stderr, and exit 1.
 */
export async function awsCall<T>(io: CliIo, report: AwsCallReport, call: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; code: number }> {
  try {
    return { ok: true, value: await call() };
  } catch (error) {
    if (report.json) writeJson(io, { ok: false, ...report.fields, error: 'aws', message: awsProblem(error) });
    else io.stderr.write(`kraft-canary ${report.command}: ${awsProblem(error)}${report.hint ?? ''}\n`);
    return { ok: false, code: EXIT.failure };
  }
}
