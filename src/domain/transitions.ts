import type { Cluster } from './bucket.ts';
import type { Plan } from './plan.ts';
import type { Result } from './result.ts';
import type { RoutingDocument } from './routing-document.ts';

export interface DrainProof {
  cluster: Cluster;
  provenAt: number;
  stableForSeconds: number;
  groups: number;
  partitions: number;
}

export type RollbackScenario = 'early-canary' | 'after-cutover' | 'cluster-instability';

export type Action =
  | { kind: 'start' }
  | { kind: 'advance'; stageIndex: number }
  | { kind: 'cutover' }
  | { kind: 'complete'; drainProof: DrainProof }
  | { kind: 'confirm-drain'; drainProof: DrainProof }
  | { kind: 'rollback'; scenario?: RollbackScenario }
  | { kind: 'resume' };

export interface TransitionContext {
  plan: Plan;
  current: RoutingDocument | null;
  at: number;
  actor: string;
  reason: string;
  executionArn?: string;
  maxProofAgeSeconds?: number;
}

export interface TransitionRefusal {
  code: string;
  message: string;
}

export function applyTransition(_ctx: TransitionContext, _action: Action): Result<RoutingDocument, TransitionRefusal> {
  throw new Error('not implemented yet');
}

export function currentStageIndex(_plan: Plan, _doc: RoutingDocument | null): number {
  throw new Error('not implemented yet');
}

export function rollbackScenarioFor(_doc: RoutingDocument | null, _clusterInstability: boolean): RollbackScenario {
  throw new Error('not implemented yet');
}
