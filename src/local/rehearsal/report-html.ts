import type { ClusterCounts } from './accounting.ts';
import { fleetSize, type RehearsalReport } from './report.ts';
import { CHART_LEGEND, renderChart } from './report-chart.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

const ROWS: readonly (keyof ClusterCounts)[] = ['produced', 'consumed', 'lost', 'stranded', 'duplicated', 'retried'];

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:920px;color:#1f2328}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}table{border-collapse:collapse}
td,th{padding:.25rem .75rem;border-bottom:1px solid #d0d7de;text-align:right}th:first-child,td:first-child{text-align:left}
.pass{color:#1a7f37}.fail{color:#cf222e}.legend span{margin-right:1rem}.swatch{display:inline-block;width:18px;height:0;border-top:3px solid;vertical-align:middle;margin-right:4px}`;

const row = (cells: readonly (string | number)[], tag = 'td') => `<tr>${cells.map((c) => `<${tag}>${escapeHtml(String(c))}</${tag}>`).join('')}</tr>`;

function accountingTable(report: RehearsalReport): string {
  const { blue, green, total } = report.accounting;
  return `<table>${row(['', 'blue', 'green', 'total'], 'th')}${ROWS.map((r) => row([r, blue[r], green[r], total[r]])).join('')}</table>
<p>${report.rebalances} consumer-group rebalances; ${report.accounting.unacknowledged} deliveries without an acknowledged send.</p>`;
}

function stagesTable(report: RehearsalReport): string {
  if (report.stages.length === 0) return '<p>The rollout wrote no routing.</p>';
  return `<table>${row(['stage', 'seconds'], 'th')}${report.stages.map((s) => row([s.label, s.seconds.toFixed(1)])).join('')}</table>`;
}

function gatesList(report: RehearsalReport): string {
  if (report.gates.length === 0) return '<p>No gate was evaluated.</p>';
  return `<ul>${report.gates
    .map((g) => `<li>${g.greenPercent}%: <b>${escapeHtml(g.verdict)}</b>${g.reasons.length ? ` — ${escapeHtml(g.reasons.join('; '))}` : ''}</li>`)
    .join('')}</ul>`;
}

function executionsTable(report: RehearsalReport): string {
  if (report.executions.length === 0) return '<p>No execution ran.</p>';
  return `<table>${row(['execution', 'entry', 'status'], 'th')}${report.executions.map((e) => row([e.name, e.entry, e.status])).join('')}</table>`;
}

function routingChangesTable(report: RehearsalReport): string {
  if (report.routingChanges.length === 0) return '';
  const start = Date.parse(report.startedAt);
  const head = row(['revision', 'written', 'instances', 'p50 ms', 'p99 ms', 'max ms', 'by push', 'by poll'], 'th');
  const rows = report.routingChanges.map((c) =>
    c.instances === 0
      ? row([String(c.revision), `+${((c.writtenAt - start) / 1000).toFixed(1)}s`, 'none: a newer revision reached each instance first', '', '', '', '', ''])
      : row([
          String(c.revision),
          `+${((c.writtenAt - start) / 1000).toFixed(1)}s`,
          String(c.instances),
          String(c.p50Ms),
          String(c.p99Ms),
          String(c.maxMs),
          String(c.byPush),
          String(c.byPoll),
        ]),
  );
  return `<h2>Routing changes: the write to each instance's switch</h2><table>${head}${rows.join('')}</table>`;
}

function eventsList(report: RehearsalReport): string {
  const start = Date.parse(report.startedAt);
  const at = (t: number | null) => (t === null ? 'never' : `+${((t - start) / 1000).toFixed(1)}s`);
  const items: string[] = [];
  if (report.fault?.kind === 'green-slow') {
    items.push(
      `green slow at ${report.fault.atPercent}% (+${report.fault.rttMs ?? 0} ms per response): from ${at(report.fault.downAt)}, until ${at(report.fault.upAt)}`,
    );
  } else if (report.fault) items.push(`green outage at ${report.fault.atPercent}%: down ${at(report.fault.downAt)}, back ${at(report.fault.upAt)}`);
  if (report.rollback) {
    const p = report.rollback.propagation;
    const reach = p.milliseconds === null ? `producers not yet on blue: ${p.notSwitched.join(', ')}` : `all producers on blue ${p.milliseconds} ms later`;
    items.push(`rollback written ${at(report.rollback.at)} by ${report.rollback.by} (${report.rollback.reason}); ${reach}`);
    const dropped = report.rollback.greenDropped;
    items.push(
      dropped ? `green drained and dropped from the consumers ${at(dropped.at)} by ${dropped.by}` : 'green not proven drained: consumers still read it',
    );
  }
  return items.length === 0 ? '' : `<h2>Fault and rollback</h2><ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
}

function legend(): string {
  return `<p class="legend">${CHART_LEGEND.map(
    (l) => `<span><i class="swatch" style="border-color:${l.color};border-top-style:${l.dashed ? 'dashed' : 'solid'}"></i>${escapeHtml(l.label)}</span>`,
  ).join('')}</p>`;
}

/** One self-contained page: inline style and SVG, no scripts, no external assets. */
export function renderHtmlReport(report: RehearsalReport): string {
  const { outcome, settings } = report;
  const verdict = outcome.passed ? 'PASSED' : 'FAILED';
  const summary = `ended ${outcome.reached ?? 'before any routing write'} (expected ${outcome.expected}), execution ${outcome.execution}, ${report.durationSeconds.toFixed(1)} s`;
  const setup = `${fleetSize(settings)} × ${settings.rate} msg/s, speed ×${settings.speed}, plan ${settings.plan} (${settings.stages.join('/')})${settings.inject ? `, fault ${settings.inject}` : ''}; started ${report.startedAt}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kraft-canary rehearsal: ${verdict}</title><style>${STYLE}</style></head>
<body>
<h1>kraft-canary rehearsal <span class="${outcome.passed ? 'pass' : 'fail'}">${verdict}</span></h1>
<p>${escapeHtml(summary)}<br>${escapeHtml(setup)}</p>
${outcome.reasons.length ? `<ul>${outcome.reasons.map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ul>` : ''}
<h2>Green % and throughput</h2>
${renderChart(report)}
${legend()}
<h2>Messages</h2>
${accountingTable(report)}
<h2>Stages</h2>
${stagesTable(report)}
<h2>Gates</h2>
${gatesList(report)}
<h2>Executions</h2>
${executionsTable(report)}
${eventsList(report)}
${routingChangesTable(report)}
</body></html>
`;
}
