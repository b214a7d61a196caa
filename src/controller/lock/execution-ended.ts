import { z } from 'zod';
import type { CreateOnlyFlags, Logger, Notifier, RoutingStore } from '../../ports/index.ts';
import { readRouting } from '../routing/current-routing.ts';
import { lockName, releaseLock } from './rollout-lock.ts';

export interface ExecutionEndedPorts {
  readonly flags: CreateOnlyFlags;
  readonly routing: RoutingStore;
  readonly notifier: Notifier;
  readonly logger: Logger;
  readonly prefix: string;
}

/**
 * EventBridge's "Step Functions Execution Status Change" event (source aws.states), as the
 * rule of this stack delivers it: FAILED, TIMED_OUT or ABORTED executions of this migration's
 * state machine. The input is not read: Step Functions leaves it out above 248 KB.
 */
const EventSchema = z.object({
  source: z.literal('aws.states'),
  'detail-type': z.literal('Step Functions Execution Status Change'),
  detail: z.object({
    executionArn: z.string().min(1).max(2048),
    stateMachineArn: z.string().min(1).max(2048),
    name: z.string().max(80).optional(),
    status: z.enum(['FAILED', 'TIMED_OUT', 'ABORTED']),
    error: z.string().max(256).nullish(),
  }),
});

export type ExecutionEndedOutcome =
  | { readonly kind: 'malformed' }
  /** The execution ended through its own exit path: ReleaseLock ran and NotifyOutcome spoke. */
  | { readonly kind: 'ended-cleanly'; readonly executionArn: string }
  /** It ended before its clean-up (a quota, a runtime error, a timeout, a stop by hand): done here. */
  | { readonly kind: 'released'; readonly executionArn: string; readonly notified: boolean };

const nameOf = (error: unknown) => (error instanceof Error ? error.name : 'unknown');

async function routeText(ports: ExecutionEndedPorts, migration: string): Promise<string> {
  try {
    const { doc } = await readRouting(ports.routing, migration);
    return doc === null
      ? 'no routing document yet (all on blue)'
      : `${doc.phase}, ${doc.producers.greenPercent}% of producers on green, revision ${doc.revision}`;
  } catch (error) {
    ports.logger.warn('routing document unreadable after an execution ended', { migration, error: nameOf(error) });
    return 'unreadable: check it before anything else';
  }
}

/**
 * What an execution that died outside its own states leaves behind: the lock (no ReleaseLock
 * ran) and silence (no NotifyOutcome). `States.DataLimitExceeded` and `States.Runtime` are not
 * caught by `States.ALL`, a timed-out or stopped execution runs no further state, and a failed
 * ReleaseLock ends in LockNotReleased. The lock still naming the execution is the sign that
 * nothing else will clean up: it is released (only if it still names that execution) and Slack
 * is told where the route stands. An execution that ended through its own Fail states had
 * already released the lock and notified, and a rollback that stopped one does both itself.
 */
export const executionEnded =
  (ports: ExecutionEndedPorts, migration: string) =>
  async (event: unknown): Promise<ExecutionEndedOutcome> => {
    const parsed = EventSchema.safeParse(event);
    if (!parsed.success) {
      ports.logger.error('execution status event dropped: malformed', { issues: parsed.error.issues.length });
      return { kind: 'malformed' };
    }
    const { executionArn, status, error } = parsed.data.detail;
    const name = parsed.data.detail.name ?? executionArn.split(':').at(-1) ?? executionArn;
    const holder = await ports.flags.get(lockName(ports.prefix, migration));
    if (holder !== executionArn) {
      ports.logger.info('execution ended through its own exit path', { migration, executionArn, status });
      return { kind: 'ended-cleanly', executionArn };
    }
    const released = await releaseLock(ports.flags, ports.prefix, migration, executionArn);
    const why = error ? ` (${error})` : '';
    const text =
      `${migration}: the rollout execution ${name} ended ${status}${why} before its own clean-up ran. ` +
      `${released.released ? 'Its lock is released' : 'Its lock had already changed hands'}; routing stays at ${await routeText(ports, migration)}. ` +
      `Read the execution's history, then start the rollout again (it resumes where the route stands) or roll back: kraft-canary rollback ${migration}`;
    let notified = true;
    try {
      await ports.notifier.notify({ migration, kind: 'hold', text, fields: { status, execution: name } });
    } catch (failure) {
      notified = false;
      ports.logger.error('execution-ended notification failed', { migration, error: nameOf(failure) });
    }
    ports.logger.error('execution ended without its clean-up: lock released', { migration, executionArn, status, error: error ?? null, notified });
    return { kind: 'released', executionArn, notified };
  };
