import type { ApplyControlOutcome } from './apply-control.ts';
import { takeoverText } from './control-lock.ts';

/** What an applied control means for the operator, in one line (the CLI prints it, Slack replies it). */
export function appliedText(outcome: Extract<ApplyControlOutcome, { kind: 'applied' }>, migration: string): string {
  const s = outcome.situation;
  const where = `${s.greenPercent}% green${s.stageIndex >= 0 ? `, stage ${s.stageIndex + 1} of ${s.stageCount}` : ''}`;
  switch (outcome.control) {
    case 'pause':
      return s.phase === 'draining'
        ? `${migration} paused at ${where}: it holds at the next control check (within a minute of the cutover's bake, else once blue is proven drained, before complete is written) until resumed; alarms still roll back`
        : `${migration} paused at ${where}: it holds at the next control check (within a minute of the bake) until resumed; alarms still roll back`;
    case 'resume':
      return `${migration} resumed at ${where}${outcome.held?.kind === 'resumed' ? ': the held rollout goes on' : ': no execution was holding; the next control check goes on'}`;
    case 'promote':
      return `${migration}: promote asked at ${where}: the bake ends at the next control check and the gates are judged`;
    case 'promote-full':
      return `${migration}: promote --full asked at ${where}: once this stage's gates pass, an approver of the plan confirms the cutover to 100%`;
    case 'step-back':
      return `${migration}: step back asked at ${where}: at the next control check the route returns to the previous stage (consumers keep reading both clusters)`;
  }
}

/** Any outcome in one line: what was applied, or why nothing was written; a lock taken over is said first. */
export function outcomeLine(outcome: ApplyControlOutcome, migration: string): string {
  const line = outcome.kind === 'applied' ? appliedText(outcome, migration) : `${outcome.message}; nothing written`;
  return outcome.tookOver === undefined ? line : `${takeoverText(outcome.tookOver)}. ${line}`;
}
