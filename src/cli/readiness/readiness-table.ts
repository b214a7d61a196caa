import type { CheckRow } from '../../readiness/check-row.ts';
import type { ReadinessReport } from '../../readiness/run-readiness.ts';

const STATUS: Record<CheckRow['status'], string> = { ok: 'ok', warn: 'WARN', fail: 'FAIL' };

/** The readiness rows as an aligned three-column table: check, status, details. */
export function readinessTable(rows: readonly CheckRow[]): string {
  const width = Math.max('CHECK'.length, ...rows.map((r) => r.check.length));
  const line = (check: string, status: string, details: string) => `${check.padEnd(width)}  ${status.padEnd(8)}${details}`.trimEnd();
  return [line('CHECK', 'STATUS', 'DETAILS'), ...rows.map((r) => line(r.check, STATUS[r.status], r.details))].join('\n');
}

/** Table, counts and what `--sync` would still do. */
export function readinessText(report: ReadinessReport, synced: boolean): string {
  const count = (status: CheckRow['status']) => report.rows.filter((r) => r.status === status).length;
  const lines = [readinessTable(report.rows), ''];
  lines.push(
    `${report.migration}: ${report.verdict === 'fail' ? 'NOT READY' : 'ready'} — ${count('fail')} failing, ${count('warn')} warnings, ${count('ok')} ok (${report.checkedAt})`,
  );
  if (report.pending.length > 0) {
    lines.push('', synced ? 'Still to change on green (see the failures above):' : 'Run with --sync to change green (never blue):');
    lines.push(...report.pending.map((p) => `  - [${p.scope}] ${p.description}`));
  }
  return `${lines.join('\n')}\n`;
}
