import type { Cluster, RoutingDocument } from '@kraft-canary/client/contract';
import { err, ok, type Result } from '@kraft-canary/client/contract';
import type { Plan } from './plan.ts';

/** What drain confirmation hands over: the cluster it proved empty, when, and over how long. */
export interface DrainProof {
  cluster: Cluster;
  /** Epoch milliseconds at which the cluster was last seen drained. */
  provenAt: number;
  stableForSeconds: number;
  groups: number;
  partitions: number;
}

interface Refusal {
  code: string;
  message: string;
}

const DEFAULT_MAX_PROOF_AGE_SECONDS = 900;

/**
 * Index of the plan stage the document routes to; -1 before the first stage (no document,
 * idle, rolled back). In canary, a percentage that is not a stage of the plan maps to the
 * highest stage at or below it.
 */
export function currentStageIndex(plan: Plan, doc: RoutingDocument | null): number {
  if (doc === null) return -1;
  if (doc.phase === 'draining' || doc.phase === 'complete') return plan.stages.length - 1;
  if (doc.phase !== 'canary') return -1;
  return plan.stages.filter((s) => s.greenPercent <= doc.producers.greenPercent).length - 1;
}

/**
 * The green percentage of plan stage `target` when the current document may move there, or
 * why not. Stages are walked one at a time; the final 100 stage is reached only by a cutover.
 */
export function stageTarget(plan: Plan, current: RoutingDocument, target: number, cutover = false): Result<number, Refusal> {
  if (current.phase !== 'idle' && current.phase !== 'canary') {
    return err({ code: 'wrong-phase', message: `cannot change stage while ${current.phase}` });
  }
  const stage = Number.isInteger(target) ? plan.stages[target] : undefined;
  if (stage === undefined) return err({ code: 'unknown-stage', message: `the plan has no stage ${target}` });
  if (!cutover && stage.greenPercent >= 100) {
    return err({ code: 'cutover-required', message: `stage ${target} routes 100% to green: use a cutover` });
  }
  const from = currentStageIndex(plan, current);
  const percent = current.producers.greenPercent;
  if (current.phase === 'canary' && plan.stages[from]?.greenPercent !== percent) {
    return err({ code: 'unknown-stage', message: `the routing document's ${percent}% is not a stage of this plan` });
  }
  if (target === from) return err({ code: 'already-at-stage', message: `already at stage ${target} (${percent}%)` });
  if (target < from) return err({ code: 'backwards', message: `stage ${target} is behind stage ${from}: roll back instead` });
  if (target > from + 1 || (cutover && current.phase === 'idle')) {
    return err({ code: 'skipped-stage', message: `stage ${target} skips stage ${from + 1}: stages are taken one at a time` });
  }
  return ok(stage.greenPercent);
}

/**
 * The green percentage of plan stage `target` when the current canary document may step back
 * there: exactly one stage below the route, never to 0 % (that is a rollback). Revision still
 * grows (applyTransition), so clients accept the lower percentage.
 */
export function stepBackTarget(plan: Plan, current: RoutingDocument, target: number): Result<number, Refusal> {
  if (current.phase !== 'canary') return err({ code: 'wrong-phase', message: `cannot step back while ${current.phase}` });
  const from = currentStageIndex(plan, current);
  const stage = Number.isInteger(target) ? plan.stages[target] : undefined;
  if (stage === undefined || target !== from - 1) {
    return err({ code: 'not-a-step-back', message: `stage ${target} is not the stage before the route's stage ${from}` });
  }
  return ok(stage.greenPercent);
}

/** Why a drain proof does not allow dropping `cluster` from the consumers, or null. */
export function drainProofRefusal(
  ctx: { plan: Plan; at: number; maxProofAgeSeconds?: number },
  proof: DrainProof | undefined,
  cluster: Cluster,
): Refusal | null {
  if (typeof proof !== 'object' || proof === null || !Number.isFinite(proof.provenAt)) {
    return { code: 'no-drain-proof', message: `no proof that ${cluster} is drained` };
  }
  if (proof.cluster !== cluster) {
    return { code: 'wrong-cluster-proof', message: `the drain proof is for ${proof.cluster}, not ${cluster}` };
  }
  if (proof.provenAt > ctx.at) {
    return { code: 'future-drain-proof', message: `the drain proof is dated ${proof.provenAt - ctx.at} ms in the future` };
  }
  const maxAge = ctx.maxProofAgeSeconds ?? DEFAULT_MAX_PROOF_AGE_SECONDS;
  const ageSeconds = (ctx.at - proof.provenAt) / 1000;
  if (ageSeconds > maxAge) {
    return { code: 'stale-drain-proof', message: `the drain proof is ${Math.round(ageSeconds)} s old; the limit is ${maxAge} s` };
  }
  if (proof.stableForSeconds < ctx.plan.drain.stableFor) {
    return {
      code: 'short-drain-proof',
      message: `${cluster} was drained for ${proof.stableForSeconds} s; the plan requires ${ctx.plan.drain.stableFor} s`,
    };
  }
  return null;
}
