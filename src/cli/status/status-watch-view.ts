import type { MigrationStatus } from '../../controller/status/migration-status.ts';
import { bakeRemainingSeconds } from '../../domain/control-decision.ts';
import { formatDuration } from '../../domain/duration.ts';

/** States in which the bake runs (between control checks). */
const BAKING = new Set(['NotifyStageRouting', 'CheckControls', 'ControlDecision', 'BakeStage', 'BakeWithoutControls', 'ResumeAfterPause']);
/** States in which a person is awaited, and for what. */
const WAITING: Readonly<Record<string, string>> = {
  RequestStageApproval: 'approval of the next stage',
  RequestPromoteFullApproval: 'approval of promote --full (cutover)',
  RequestDecommissionApproval: 'approval of the decommission',
  HoldWhilePaused: 'a resume (paused)',
  HoldBeforeStage: 'a resume (paused)',
  HoldBeforeFinish: 'a resume (paused after the drain of blue)',
};

/** What `status --watch` adds to the status: the bake left, who is awaited. */
export interface WatchExtras {
  /** Seconds of the current bake still to run; null when nothing bakes. */
  readonly bakeRemainingSeconds: number | null;
  /** What the execution waits for from a person, or null. */
  readonly waitingFor: { readonly what: string; readonly since: number } | null;
}

export function watchExtras(s: MigrationStatus, now: number): WatchExtras {
  const state = s.execution?.status === 'RUNNING' ? (s.execution.state ?? null) : null;
  const writtenAt = s.routing === null ? Number.NaN : Date.parse(s.routing.updatedAt);
  const bakes = state !== null && BAKING.has(state.name) && s.stage?.bakeSeconds != null && Number.isFinite(writtenAt);
  const wait = state === null ? undefined : WAITING[state.name];
  return {
    bakeRemainingSeconds: bakes ? bakeRemainingSeconds(s.stage?.bakeSeconds ?? 0, writtenAt, now) : null,
    waitingFor: wait === undefined || state === null ? null : { what: wait, since: state.enteredAt },
  };
}

/** The watch rows, aligned like `status`'s own. */
export function watchLines(s: MigrationStatus, extras: WatchExtras, now: number): string {
  const rows: [string, string][] = [
    ['bake left', extras.bakeRemainingSeconds === null ? 'nothing bakes' : formatDuration(extras.bakeRemainingSeconds)],
    ['waiting', extras.waitingFor === null ? 'for nobody' : `for ${extras.waitingFor.what} since ${new Date(extras.waitingFor.since).toISOString()}`],
    ['analysis', s.lastGate?.analysis ?? 'none in the last gate record'],
  ];
  return `${rows.map(([label, value]) => `  ${label.padEnd(11)}${value}`).join('\n')}\n  ${'as of'.padEnd(11)}${new Date(now).toISOString()}\n`;
}
