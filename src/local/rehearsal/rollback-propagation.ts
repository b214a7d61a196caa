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

/** A simulated service's routing watcher took a new document into force. */
export interface RoutingSwitch {
  readonly service: string;
  readonly at: number;
  readonly revision: number;
  /** Which source brought it: the control topic (push) or the SSM poll. */
  readonly via: 'push' | 'poll';
}

/** How one routing write reached the fleet: from the write to each instance's switch. */
export interface RoutingChangePropagation {
  readonly revision: number;
  readonly writtenAt: number;
  /** Instances that switched to this revision (an instance that skipped it for a newer one did not). */
  readonly instances: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly byPush: number;
  readonly byPoll: number;
}

const nearestRank = (sorted: readonly number[], p: number): number => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

/** Per routing write (revision and write time), the spread of the fleet's switches to it. */
export function routingChangePropagation(writes: readonly { revision: number; at: number }[], switches: readonly RoutingSwitch[]): RoutingChangePropagation[] {
  return writes.map(({ revision, at }) => {
    const own = switches.filter((s) => s.revision === revision);
    const delays = own.map((s) => Math.max(0, s.at - at)).sort((a, b) => a - b);
    return {
      revision,
      writtenAt: at,
      instances: own.length,
      p50Ms: nearestRank(delays, 50),
      p99Ms: nearestRank(delays, 99),
      maxMs: delays.at(-1) ?? 0,
      byPush: own.filter((s) => s.via === 'push').length,
      byPoll: own.filter((s) => s.via === 'poll').length,
    };
  });
}
