import type { RoutingDocument } from '@kraft-canary/client/contract';
import type { RollbackScenario } from '../../domain/rollback-scenario.ts';
import type { Notification } from '../../ports/index.ts';
import type { ByHandReason, FinishOutcome } from './finish-rollback.ts';
import type { RollbackRequest } from './rollback-request.ts';

const WHAT_HAPPENS: Record<RollbackScenario, string> = {
  'early-canary': 'green traffic back to 0 %: every producer sends to blue again',
  'after-cutover': 'producers back on blue after the cutover: green takes no new messages',
  'cluster-instability': 'all producers off the unstable green cluster and on blue',
};

export interface RollbackNotificationInput {
  readonly request: RollbackRequest;
  readonly scenario: RollbackScenario;
  readonly before: RoutingDocument | null;
  readonly revision: number;
  readonly stopped: string | null;
  readonly holds: boolean;
  readonly finish: FinishOutcome;
}

const WHY_BY_HAND: Record<ByHandReason, string> = {
  'no-running-rollout': 'no rollout execution runs and the routing document names none',
  'plan-unreadable': "the rollout execution's plan could not be read",
  'no-state-machine': 'the rollout execution names no standard state machine',
  'start-failed': 'starting the finish-rollback execution failed',
  'finish-ended': 'the finish-rollback execution of this rollback ended with green still in the consumers',
};

/** Who drains green now, or exactly what an operator has to run. */
function finishText(finish: FinishOutcome): string {
  const consumers = 'Consumers keep reading green until it is proven drained, so nothing is stranded.';
  switch (finish.kind) {
    case 'started':
    case 'already-started':
      return `${consumers} The finish-rollback execution ${finish.executionArn} proves green drained and drops it from the consumers.`;
    case 'finishing':
      return `${consumers} The finish-rollback execution ${finish.executionArn} is draining green.`;
    case 'not-needed':
      if (finish.reason === 'nothing-to-drain') return 'Consumers no longer read green: nothing to drain.';
      if (finish.reason === 'rollout-still-running') return `${consumers} The rollout could not be stopped; it drains green on its own rolled-back path.`;
      return `${consumers} The rollout drains green on its own rolled-back path.`;
    case 'by-hand':
      return `${consumers} Nothing drains green yet (${WHY_BY_HAND[finish.reason]}): finish by hand with \`${finish.command}\`, <file> being the plan this rollout ran.`;
  }
}

function finishField(finish: FinishOutcome): Record<string, string> {
  if (finish.kind === 'started' || finish.kind === 'already-started' || finish.kind === 'finishing')
    return { 'finish-rollback execution': finish.executionArn };
  if (finish.kind === 'by-hand') return { 'finish-rollback': 'by hand' };
  return {};
}

/** What people see in Slack: why (the alarm's reason and numbers), what changed, what is left to do. */
export function rollbackNotification(input: RollbackNotificationInput): Notification {
  const { request, scenario, before } = input;
  const from = before === null ? 'no route' : `${before.phase} at ${before.producers.greenPercent} % green`;
  const warning = input.holds ? '' : ' WARNING: racing writes kept coming; check the routing parameter history.';
  return {
    migration: request.migration,
    kind: 'rollback',
    text: `${request.migration} rolled back (${scenario}) by ${request.actor}: ${request.reason}. ${WHAT_HAPPENS[scenario]}. ${finishText(input.finish)}${warning}`.slice(
      0,
      2900,
    ),
    fields: {
      scenario,
      source: request.source,
      from,
      revision: input.revision,
      ...(input.stopped === null ? {} : { 'stopped execution': input.stopped }),
      ...finishField(input.finish),
      ...(request.evidence ?? {}),
    },
  };
}
