import { type Cluster, DEFAULT_REPUBLISH_INTERVAL_MS } from '@kraft-canary/client/contract';
import kafkajs from 'kafkajs';
import { publishRouting } from '../../controller/publish/publish-routing.ts';
import { KafkajsControlTopic } from '../../kafka/kafkajs-control-topic.ts';
import type { Clock, Logger, Timers } from '../../ports/index.ts';
import type { MemoryRoutingStore } from '../memory-routing-store.ts';

const { logLevel } = kafkajs;

export interface LocalPublisher {
  stop(): Promise<void>;
}

/**
 * The rehearsal's publisher: the same publishRouting use case as the deployed function, run on
 * every write of the local routing store (as EventBridge delivers "Parameter Store Change") and
 * every minute (the re-publish schedule), writing to the local clusters' control topic.
 */
export function startLocalPublisher(options: {
  readonly store: MemoryRoutingStore;
  readonly migration: string;
  readonly bootstrap: Readonly<Record<Cluster, readonly string[]>>;
  readonly clock: Clock;
  readonly timers: Timers;
  readonly logger: Logger;
}): LocalPublisher {
  const config = (side: Cluster) => ({ clientId: `rehearsal-publisher-${side}`, brokers: [...options.bootstrap[side]], logLevel: logLevel.NOTHING });
  const control = new KafkajsControlTopic({ clusters: { blue: config('blue'), green: config('green') } });
  const publish = publishRouting({
    routing: options.store,
    control,
    metrics: { put: async () => undefined },
    namespace: 'KraftCanary',
    logger: options.logger,
    clock: options.clock,
  });
  const inFlight = new Set<Promise<unknown>>();
  const run = (trigger: 'change' | 'schedule') => {
    const done = publish({ migration: options.migration, trigger }).catch(() => undefined);
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  };
  const off = options.store.onWrite((migration) => {
    if (migration === options.migration) run('change');
  });
  let timer: unknown = null;
  const schedule = () => {
    timer = options.timers.setTimeout(() => {
      run('schedule');
      schedule();
    }, DEFAULT_REPUBLISH_INTERVAL_MS);
  };
  schedule();
  return {
    async stop() {
      off();
      options.timers.clearTimeout(timer);
      await Promise.all(inFlight);
      await control.disconnect();
    },
  };
}
