import type { Plan } from '../../domain/plan.ts';

/** What the state machine needs about a stage: where it goes, how long it bakes, who approves. */
export interface StageView {
  readonly stageIndex: number;
  readonly fromPercent: number;
  readonly greenPercent: number;
  readonly bakeSeconds: number;
  readonly approval: 'auto' | 'slack';
}

/** The stage at `index`; outside a stage step (complete, confirm-drain) nothing bakes or waits. */
export function stageView(plan: Plan, index: number, isStage = true): StageView {
  const stage = plan.stages[index];
  const fromPercent = index > 0 ? (plan.stages[index - 1]?.greenPercent ?? 0) : 0;
  return {
    stageIndex: index,
    fromPercent,
    greenPercent: stage?.greenPercent ?? 0,
    bakeSeconds: isStage ? (stage?.bake ?? 0) : 0,
    approval: isStage ? (stage?.approval ?? 'auto') : 'auto',
  };
}

/** Every stage of the plan, in order: the state machine's loop walks this list. */
export const stageViews = (plan: Plan): StageView[] => plan.stages.map((_, i) => stageView(plan, i));
