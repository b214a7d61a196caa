import type { ClusterCounts } from './accounting.ts';
import { fleetSize, type RehearsalReport } from './report.ts';

const ROWS: readonly (keyof ClusterCounts)[] = ['produced', 'consumed', 'lost', 'stranded', 'duplicated', 'retried'];

const seconds = (s: number) => (s >= 60 ? `${Math.floor(s / 60)}m${(s % 60).toFixed(0).padStart(2, '0')}s` : `${s.toFixed(1)}s`);
const since = (report: RehearsalReport, at: number) => `+${((at - Date.parse(report.startedAt)) / 1000).toFixed(1)}s`;

function accountingLines(report: RehearsalReport): string[] {
  const { blue, green, total } = report.accounting;
  const cell = (v: number) => String(v).padStart(10);
  return [
    `Messages${' '.repeat(8)}${'blue'.padStart(10)}${'green'.padStart(10)}${'total'.padStart(10)}`,
    ...ROWS.map((row) => `  ${row.padEnd(14)}${cell(blue[row])}${cell(green[row])}${cell(total[row])}`),
    `  ${report.rebalances} consumer-group rebalance${report.rebalances === 1 ? '' : 's'}; ${report.accounting.unacknowledged} delivered without an acknowledged send`,
  ];
}

function moverLines(report: RehearsalReport): string[] {
  const mover = report.mover;
  if (mover === undefined) return [];
  const { total } = mover.accounting;
  const where = mover.movedAt === null ? `still on ${mover.cluster} (never moved)` : `moved to ${mover.cluster} ${since(report, mover.movedAt)}`;
  return [
    `Mover ${mover.group} (plain kafkajs, reads one cluster): ${where}`,
    `  read ${total.consumed} of ${total.produced} acknowledged (on blue ${mover.accounting.blue.consumed}, on green ${mover.accounting.green.consumed}), lost ${total.lost}, duplicated ${total.duplicated}`,
  ];
}

function stageLines(report: RehearsalReport): string[] {
  if (report.stages.length === 0) return ['Stages: none (the rollout wrote no routing)'];
  return ['Stages', ...report.stages.map((s) => `  ${s.label.padEnd(16)}${seconds(s.seconds).padStart(8)}`)];
}

function gateLines(report: RehearsalReport): string[] {
  if (report.gates.length === 0) return [];
  return [
    'Gates',
    ...report.gates.flatMap((g) => [
      `  ${`${g.greenPercent}%`.padEnd(6)}${g.verdict}${g.reasons.length > 0 ? `: ${g.reasons.join('; ')}` : ''}`,
      ...(g.analysis ? [`        ${g.analysis}`] : []),
    ]),
  ];
}

function executionLines(report: RehearsalReport): string[] {
  if (report.executions.length === 0) return [];
  return ['Executions', ...report.executions.map((e) => `  ${e.name.padEnd(28)}${e.entry.padEnd(18)}${e.status}`)];
}

function faultLines(report: RehearsalReport): string[] {
  const lines: string[] = [];
  const { fault, rollback } = report;
  if (fault) {
    const slow = fault.kind === 'green-slow';
    const down =
      fault.downAt === null
        ? slow
          ? 'never slowed'
          : 'never went down'
        : `${slow ? `+${fault.rttMs ?? 0} ms per response` : 'down'} ${since(report, fault.downAt)}`;
    const up = fault.upAt === null ? 'not brought back' : `back ${since(report, fault.upAt)}`;
    lines.push(`Fault: ${fault.kind}@${fault.atPercent}: green ${down}, ${up}`);
  }
  if (rollback) {
    const p = rollback.propagation;
    const reach =
      p.milliseconds === null
        ? `not yet on blue: ${p.notSwitched.join(', ')}`
        : `${p.producersOnGreen} producer${p.producersOnGreen === 1 ? '' : 's'} on green back on blue in ${p.milliseconds} ms`;
    lines.push(`Rollback: written ${since(report, rollback.at)} by ${rollback.by} (${rollback.reason}); ${reach}`);
    const dropped = rollback.greenDropped;
    lines.push(
      dropped
        ? `  green drained and dropped from the consumers ${since(report, dropped.at)} by ${dropped.by}`
        : '  green not proven drained: consumers still read it',
    );
  }
  return lines;
}

function routingChangeLines(report: RehearsalReport): string[] {
  if (report.routingChanges.length === 0) return [];
  return [
    "Routing changes (the write to each instance's switch):",
    ...report.routingChanges.map((c) =>
      c.instances === 0
        ? `  revision ${c.revision} ${since(report, c.writtenAt)}: taken into force by no instance (a newer revision reached each first)`
        : `  revision ${c.revision} ${since(report, c.writtenAt)}: ${c.instances} instance${c.instances === 1 ? '' : 's'}, p50 ${c.p50Ms} ms, p99 ${c.p99Ms} ms, max ${c.maxMs} ms; ${c.byPush} by push, ${c.byPoll} by poll`,
    ),
  ];
}

/** The summary printed at the end of a rehearsal; times are relative to its start so runs compare. */
export function renderTextReport(report: RehearsalReport): string {
  const { outcome, settings } = report;
  const verdict = outcome.passed ? 'PASSED' : 'FAILED';
  const blocks = [
    [
      `Rehearsal ${verdict}: ended ${outcome.reached ?? 'before any routing write'} (expected ${outcome.expected}), execution ${outcome.execution}, ${seconds(report.durationSeconds)}`,
      `  ${fleetSize(settings)} × ${settings.rate} msg/s, speed ×${settings.speed}, plan ${settings.plan} (${settings.stages.join('/')})${settings.inject ? `, fault ${settings.inject}` : ''}`,
    ],
    stageLines(report),
    gateLines(report),
    executionLines(report),
    accountingLines(report),
    moverLines(report),
    faultLines(report),
    routingChangeLines(report),
    outcome.reasons.map((r) => `- ${r}`),
  ];
  return `${blocks
    .filter((b) => b.length > 0)
    .map((b) => b.join('\n'))
    .join('\n\n')}\n`;
}
