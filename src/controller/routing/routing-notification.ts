import type { RoutingDocument } from '@kraft-canary/client/contract';
import type { Plan } from '../../domain/plan.ts';
import { stageButtons } from '../../domain/stage-buttons.ts';
import type { Notification } from '../../ports/index.ts';
import type { StageView } from './stage-view.ts';

const consumers = (doc: RoutingDocument) => [doc.consumers.blue ? 'blue' : null, doc.consumers.green ? 'green' : null].filter((c) => c !== null).join(' + ');

/**
 * What a routing write tells the channel: the route, the stage, who wrote it and why, and the
 * control buttons the stage offers. A stage is written only while no pause holds (the check
 * before it found none; a step back or a promotion comes from a check that found none), so its
 * buttons are judged unpaused; a pause asked since is caught when a button is clicked.
 */
export function routingNotification(plan: Plan, doc: RoutingDocument, view: StageView): Notification {
  const where = doc.phase === 'canary' || doc.phase === 'draining' ? ` (stage ${view.stageIndex + 1} of ${plan.stages.length})` : '';
  return {
    migration: plan.migration,
    kind: doc.phase === 'complete' ? 'complete' : 'routing-changed',
    text: `${plan.migration}: ${doc.producers.greenPercent}% of producer traffic on green${where}, consumers read ${consumers(doc)} (${doc.phase}). ${doc.reason}; by ${doc.updatedBy}, revision ${doc.revision}.`,
    fields: { phase: doc.phase, greenPercent: doc.producers.greenPercent, revision: doc.revision, updatedBy: doc.updatedBy },
    controls: {
      stageIndex: view.stageIndex,
      offered: stageButtons({
        phase: doc.phase,
        greenPercent: doc.producers.greenPercent,
        stageIndex: view.stageIndex,
        stageCount: plan.stages.length,
        paused: null,
      }),
    },
  };
}
