import type { ExecutionStatusView, GateView, MigrationStatus, StageView } from '../../controller/status/migration-status.ts';
import type { FleetRevision } from '../../domain/fleet-revision.ts';

const iso = (ms: number | null): string => (ms === null ? 'unknown' : new Date(ms).toISOString());

const LIVE = new Set(['RUNNING', 'PENDING_REDRIVE']);

function routingLines(s: MigrationStatus): string[] {
  if (s.routingProblem !== null) return [`UNREADABLE: ${s.routingProblem}`];
  const r = s.routing;
  if (r === null) return ['none (no routing document: producers and consumers use blue only)'];
  const consumers = [r.consumers.blue ? 'blue' : '', r.consumers.green ? 'green' : ''].filter(Boolean).join(' and ');
  return [
    `${r.phase}: ${r.producers.greenPercent}% of producers on green; consumers read ${consumers}`,
    `revision ${r.revision} (parameter version ${r.parameterVersion}), updated ${r.updatedAt} by ${r.updatedBy}: ${r.reason || '(no reason)'}`,
  ];
}

function executionLines(e: ExecutionStatusView | null, lockHolder: string | null): string[] {
  if (e === null) return ['unknown: no lock, and no execution named in the routing document'];
  if (e.problem !== null) return [`unknown (${e.problem}): ${e.executionArn}`];
  if (e.status === 'NOT_FOUND') return [`not found in Step Functions (closed executions are kept 90 days): ${e.executionArn}`];
  const live = LIVE.has(e.status ?? '');
  const when = live ? `since ${iso(e.startedAt)}` : `${e.error ? `(${e.error}) ` : ''}ended ${iso(e.stoppedAt)}`;
  const stale = lockHolder !== null && !live ? ' (it holds the lock but no longer runs)' : '';
  return [
    `${e.status} ${when}${stale}: ${e.executionArn}`,
    ...(e.source === 'routing-document' ? ['(the last execution that wrote the routing document; none holds the lock)'] : []),
  ];
}

function stageLine(stage: StageView | null, s: MigrationStatus): string {
  if (stage === null) return s.execution === null ? 'unknown (no execution to read the plan from)' : 'unknown (no plan in the execution input)';
  if (stage.index < 0) return `before the first of ${stage.count} stages (${stage.greenPercent}% green)`;
  return `${stage.index + 1} of ${stage.count} (${stage.greenPercent}% green)`;
}

function gateLines(gate: GateView | null): string[] {
  if (gate === null) return ['unknown (no gate result in the recent execution history)'];
  const stage = gate.stageIndex === null ? '' : ` for stage ${gate.stageIndex + 1}`;
  return [
    `${gate.verdict}${stage} at ${iso(gate.at)}${gate.summary ? `: ${gate.summary}` : ''}`,
    ...gate.reasons.map((r) => `- ${r}`),
    ...(gate.analysis ? [gate.analysis] : []),
  ];
}

/** The clients' applied revision: lowest and highest, and whether all have the document's. */
export function fleetLine(f: FleetRevision): string {
  if (f.kind === 'unknown') return `unknown (${f.problem})`;
  if (f.kind === 'no-data')
    return `no client metrics in the last ${f.windowMinutes} min (RoutingRevision: clients publish it with emitEmfMetrics and the routing watcher)`;
  const range = f.lowest === f.highest ? `revision ${f.lowest}` : `revisions ${f.lowest} to ${f.highest}`;
  const verdict =
    f.current === null ? '' : f.upToDate ? `: all have the current revision ${f.current}` : `: not all have the current revision ${f.current} yet`;
  return `${range} applied by the reporting clients (newest minute ${iso(f.at)})${verdict}`;
}

function markerLine(s: MigrationStatus): string {
  const m = s.rollbackMarker;
  if (m === null) return 'none';
  return `rolled back at ${m.at} by ${m.by}: ${m.reason}${m.scenario ? ` (${m.scenario})` : ''}; a new start needs --acknowledge-rollback`;
}

/** The operator controls in force, shown only when there are some. */
function controlRows(s: MigrationStatus): [string, string[]][] {
  const rows: [string, string[]][] = [];
  if (s.paused !== null) rows.push(['paused', [`by ${s.paused.by} at ${s.paused.at}: ${s.paused.reason} (kraft-canary resume ${s.migration})`]]);
  const c = s.pendingControl;
  if (c !== null) rows.push(['control', [`${c.kind} asked by ${c.by} at ${c.at} for stage ${c.stageIndex + 1}, waiting for the next control check`]]);
  return rows;
}

/** `kraft-canary status` as aligned label/value rows; values that run over continue indented. */
export function statusText(s: MigrationStatus, prefix: string): string {
  const rows: [string, string[]][] = [
    ['routing', routingLines(s)],
    ['rollback', [markerLine(s)]],
    ['lock', [s.lockHolder === null ? 'free' : `held by ${s.lockHolder}`]],
    ['execution', executionLines(s.execution, s.lockHolder)],
    ['state', [s.execution?.state ? `${s.execution.state.name}, entered ${iso(s.execution.state.enteredAt)}` : 'unknown']],
    ['stage', [stageLine(s.stage, s)]],
    ['last gate', gateLines(s.lastGate)],
    ['fleet', [fleetLine(s.fleetRevision)]],
    ...controlRows(s),
  ];
  const lines = rows.flatMap(([label, values]) => values.map((v, i) => `  ${(i === 0 ? label : '').padEnd(11)}${v}`));
  return `${[`${s.migration} (SSM prefix ${prefix})`, ...lines].join('\n')}\n`;
}
