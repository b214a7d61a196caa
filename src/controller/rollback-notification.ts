import type { RoutingDocument } from '../domain/routing-document.ts';
import type { RollbackScenario } from '../domain/transitions.ts';
import type { Notification } from '../ports.ts';
import type { RollbackRequest } from './rollback.ts';

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
}

/** What people see in Slack: why (the alarm's reason and numbers), what changed, what is left to do. */
export function rollbackNotification(input: RollbackNotificationInput): Notification {
  const { request, scenario, before } = input;
  const from = before === null ? 'no route' : `${before.phase} at ${before.producers.greenPercent} % green`;
  const consumers = 'Consumers keep reading green until it is proven drained, so nothing is stranded.';
  const warning = input.holds ? '' : ' WARNING: racing writes kept coming; check the routing parameter history.';
  return {
    migration: request.migration,
    kind: 'rollback',
    text: `${request.migration} rolled back (${scenario}) by ${request.actor}: ${request.reason}. ${WHAT_HAPPENS[scenario]}. ${consumers}${warning}`.slice(0, 2900),
    fields: {
      scenario,
      source: request.source,
      from,
      revision: input.revision,
      ...(input.stopped === null ? {} : { 'stopped execution': input.stopped }),
      ...(request.evidence ?? {}),
    },
  };
}
