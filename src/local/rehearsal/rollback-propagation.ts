import type { Cluster } from '@kraft-canary/client/contract';

/** A simulated service's producer changed the cluster it sends to. */
export interface RouteChange {
  readonly service: string;
  readonly at: number;
  readonly cluster: Cluster;
}

export interface RollbackPropagation {
  readonly rollbackAt: number;
  /** Producers that were sending to green when the rollback was written. */
  readonly producersOnGreen: number;
  /** Rollback write → the last of those producers sending to blue; null while one has not switched. */
  readonly milliseconds: number | null;
  readonly notSwitched: readonly string[];
}

function routeAt(changes: readonly RouteChange[], at: number): Cluster {
  let cluster: Cluster = 'blue';
  for (const change of changes) if (change.at <= at) cluster = change.cluster;
  return cluster;
}

/**
 * How long the rollback took to reach every producer: from the rollback write to the moment
 * the last producer that was on green sends to blue. Changes are per service, oldest first;
 * a service without changes has always sent to blue (the static default).
 */
export function rollbackPropagation(rollbackAt: number, services: readonly string[], changes: readonly RouteChange[]): RollbackPropagation {
  const notSwitched: string[] = [];
  let producersOnGreen = 0;
  let lastSwitch = rollbackAt;
  for (const service of services) {
    const own = changes.filter((c) => c.service === service);
    if (routeAt(own, rollbackAt) !== 'green') continue;
    producersOnGreen += 1;
    const back = own.find((c) => c.at > rollbackAt && c.cluster === 'blue');
    if (back === undefined) notSwitched.push(service);
    else lastSwitch = Math.max(lastSwitch, back.at);
  }
  return {
    rollbackAt,
    producersOnGreen,
    milliseconds: notSwitched.length > 0 ? null : lastSwitch - rollbackAt,
    notSwitched,
  };
}
