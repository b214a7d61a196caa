import type { RoutingDocument } from '@kraft-canary/client/contract';
import type { Plan } from '../../domain/plan.ts';
import { currentStageIndex } from '../../domain/transitions.ts';

export type ResumePoint =
  /** A new rollout: write `start` first when there is no document or the last one was rolled back. */
  | { kind: 'fresh'; writeStart: boolean }
  /** An earlier execution stopped mid-rollout: carry on from the stage the document shows. */
  | { kind: 'resume'; startAtStage: number }
  | { kind: 'refused'; code: string; message: string };

/**
 * Where a rollout starts, from the routing document alone: an interrupted rollout resumes at
 * the stage it reached (its bake and gates run again) instead of starting over; after the
 * cutover it resumes at the drain (start index past the last stage).
 */
export function resumePoint(plan: Plan, doc: RoutingDocument | null, acknowledgeRollback: boolean): ResumePoint {
  if (doc === null) return { kind: 'fresh', writeStart: true };
  switch (doc.phase) {
    case 'idle':
      return { kind: 'fresh', writeStart: false };
    case 'rolled-back':
      return acknowledgeRollback
        ? { kind: 'fresh', writeStart: true }
        : { kind: 'refused', code: 'rolled-back', message: `the migration was rolled back (${doc.reason}); start again with acknowledgeRollback: true` };
    case 'complete':
      return { kind: 'refused', code: 'complete', message: 'the migration is already complete' };
    case 'draining':
      return { kind: 'resume', startAtStage: plan.stages.length };
    case 'canary': {
      const index = currentStageIndex(plan, doc);
      if (index < 0 || plan.stages[index]?.greenPercent !== doc.producers.greenPercent) {
        return { kind: 'refused', code: 'unknown-stage', message: `the routing document's ${doc.producers.greenPercent}% is not a stage of this plan` };
      }
      return { kind: 'resume', startAtStage: index };
    }
  }
}
