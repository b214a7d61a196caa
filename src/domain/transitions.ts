import { err, ok, type Result, type RoutingDocument, serializeRoutingDocument } from '@kraft-canary/client/contract';
import { clip } from './clip.ts';
import type { Plan } from './plan.ts';
import { type DrainProof, drainProofRefusal, stageTarget, stepBackTarget } from './transition-rules.ts';

export { currentStageIndex, type DrainProof, drainProofRefusal } from './transition-rules.ts';

export type Action =
  /** New rollout: phase idle, greenPercent 0. */
  | { kind: 'start' }
  /** To a stage below 100, the next one only. */
  | { kind: 'advance'; stageIndex: number }
  /** To the final 100 stage: phase draining, both clusters still consumed. */
  | { kind: 'cutover' }
  /** Draining → complete (consumers.blue = false), only with a fresh proof that blue is drained. */
  | { kind: 'complete'; drainProof: DrainProof }
  /** After a rollback: stop consuming green once it is proven drained. */
  | { kind: 'confirm-drain'; drainProof: DrainProof }
  /** Same route, revision + 1, written by a new execution. */
  | { kind: 'resume' }
  /** Back to the previous stage's percentage (an operator's step back): buckets only return to blue. */
  | { kind: 'step-back'; stageIndex: number }
  /** From any canary stage straight to the cutover (an operator's `promote --full`). */
  | { kind: 'promote-full' };

export interface TransitionContext {
  plan: Plan;
  /** The latest document read. */
  current: RoutingDocument | null;
  /** Epoch milliseconds of the decision. */
  at: number;
  actor: string;
  reason: string;
  executionArn?: string;
  /** How old a drain proof may be; 900 s when not given. */
  maxProofAgeSeconds?: number;
}

/**
 * Refusal codes: `not-started`, `migration-mismatch`, `rolled-back`, `complete`,
 * `wrong-phase`, `unknown-stage`, `skipped-stage`, `already-at-stage`, `backwards`,
 * `cutover-required`, `no-drain-proof`, `wrong-cluster-proof`, `stale-drain-proof`,
 * `future-drain-proof`, `short-drain-proof`, `nothing-to-drain`, `invalid-document`,
 * `not-a-step-back`.
 */
export interface TransitionRefusal {
  code: string;
  message: string;
}

type Route = Pick<RoutingDocument, 'phase' | 'producers' | 'consumers'>;
type Outcome = Result<Route, TransitionRefusal>;

const refuse = (code: string, message: string): Outcome => err({ code, message });

/** Refusals shared by every action except start: what no later write may override. */
function settledRefusal(current: RoutingDocument, action: Action): Outcome | null {
  if (current.phase === 'complete') {
    return refuse('complete', 'the migration is complete: blue is no longer consumed and may be gone');
  }
  if (current.phase !== 'rolled-back' || action.kind === 'confirm-drain') return null;
  return refuse('rolled-back', 'the migration was rolled back: only a new start can route to green again');
}

function start(current: RoutingDocument | null): Outcome {
  if (current !== null && current.phase !== 'idle' && current.phase !== 'rolled-back') {
    if (current.phase === 'complete') return refuse('complete', 'the migration is already complete');
    return refuse('wrong-phase', `cannot start while ${current.phase}: resume or roll back instead`);
  }
  // Green may still hold unconsumed messages after a rollback: keep reading it until proven drained.
  const green = current?.consumers.green ?? false;
  return ok({ phase: 'idle', producers: { greenPercent: 0 }, consumers: { blue: true, green } });
}

function advance(plan: Plan, current: RoutingDocument, stageIndex: number): Outcome {
  const target = stageTarget(plan, current, stageIndex);
  if (!target.ok) return target;
  return ok({ phase: 'canary', producers: { greenPercent: target.value }, consumers: { blue: true, green: true } });
}

function cutover(plan: Plan, current: RoutingDocument): Outcome {
  if (current.phase === 'draining') return refuse('already-at-stage', 'producers are already cut over to green');
  const target = stageTarget(plan, current, plan.stages.length - 1, true);
  if (!target.ok) return target;
  return ok({ phase: 'draining', producers: { greenPercent: 100 }, consumers: { blue: true, green: true } });
}

function stepBack(plan: Plan, current: RoutingDocument, stageIndex: number): Outcome {
  const target = stepBackTarget(plan, current, stageIndex);
  if (!target.ok) return target;
  // Consumers keep reading both clusters: the buckets that return to blue left data on green.
  return ok({ phase: 'canary', producers: { greenPercent: target.value }, consumers: { blue: true, green: true } });
}

function promoteFull(current: RoutingDocument): Outcome {
  if (current.phase !== 'canary') return refuse('wrong-phase', `cannot promote to the cutover while ${current.phase}`);
  return ok({ phase: 'draining', producers: { greenPercent: 100 }, consumers: { blue: true, green: true } });
}

function complete(ctx: TransitionContext, current: RoutingDocument, proof: DrainProof | undefined): Outcome {
  if (current.phase !== 'draining') {
    return refuse('wrong-phase', `cannot complete while ${current.phase}: cut over and drain blue first`);
  }
  const refusal = drainProofRefusal(ctx, proof, 'blue');
  if (refusal !== null) return err(refusal);
  return ok({ phase: 'complete', producers: { greenPercent: 100 }, consumers: { blue: false, green: true } });
}

function confirmDrain(ctx: TransitionContext, current: RoutingDocument, proof: DrainProof | undefined): Outcome {
  if (current.phase !== 'rolled-back' && current.phase !== 'idle') {
    return refuse('wrong-phase', `green is drained only after a rollback, not while ${current.phase}`);
  }
  if (!current.consumers.green) return refuse('nothing-to-drain', 'consumers no longer read green');
  const refusal = drainProofRefusal(ctx, proof, 'green');
  if (refusal !== null) return err(refusal);
  return ok({ ...current, consumers: { blue: true, green: false } });
}

function nextRoute(ctx: TransitionContext, action: Action): Outcome {
  if (action.kind === 'start') return start(ctx.current);
  const current = ctx.current;
  if (current === null) return refuse('not-started', 'no routing document yet: start the rollout first');
  const settled = settledRefusal(current, action);
  if (settled !== null) return settled;
  switch (action.kind) {
    case 'advance':
      return advance(ctx.plan, current, action.stageIndex);
    case 'cutover':
      return cutover(ctx.plan, current);
    case 'complete':
      return complete(ctx, current, action.drainProof);
    case 'confirm-drain':
      return confirmDrain(ctx, current, action.drainProof);
    case 'resume':
      return ok(current);
    case 'step-back':
      return stepBack(ctx.plan, current, action.stageIndex);
    case 'promote-full':
      return promoteFull(current);
  }
}

/**
 * The one place that decides routing changes along the plan (DESIGN §4, invariants 1 and 3).
 * Pure: the caller reads the current document, applies the action and writes the result. A
 * rollback needs no plan and has its own builder (rolled-back-document.ts, invariant 2).
 */
export function applyTransition(ctx: TransitionContext, action: Action): Result<RoutingDocument, TransitionRefusal> {
  const { plan, current } = ctx;
  if (current !== null && current.migration !== plan.migration) {
    return err({
      code: 'migration-mismatch',
      message: `the routing document belongs to ${current.migration}, the plan to ${plan.migration}`,
    });
  }
  if (!Number.isFinite(ctx.at)) return err({ code: 'invalid-document', message: 'the decision time is not a valid instant' });
  const route = nextRoute(ctx, action);
  if (!route.ok) return route;
  const executionArn = ctx.executionArn ?? (action.kind === 'start' ? undefined : current?.executionArn);
  const doc: RoutingDocument = {
    schema: 1,
    migration: plan.migration,
    revision: (current?.revision ?? 0) + 1,
    phase: route.value.phase,
    producers: { greenPercent: route.value.producers.greenPercent },
    consumers: { blue: route.value.consumers.blue, green: route.value.consumers.green },
    clusters: { blue: plan.clusters.blue.bootstrap, green: plan.clusters.green.bootstrap },
    updatedAt: new Date(ctx.at).toISOString(),
    updatedBy: clip(ctx.actor, 256),
    reason: clip(ctx.reason, 1024),
    ...(executionArn === undefined ? {} : { executionArn }),
  };
  const checked = serializeRoutingDocument(doc);
  if (!checked.ok) return err({ code: 'invalid-document', message: checked.error.message });
  return ok(doc);
}
