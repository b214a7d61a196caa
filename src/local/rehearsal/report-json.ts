import type { RehearsalReport } from './report.ts';

/** The report as written by --json: stable key order, two-space indent, trailing newline. */
export function renderJsonReport(report: RehearsalReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
