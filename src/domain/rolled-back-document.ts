import { err, ok, type Result, type RoutingDocument, serializeRoutingDocument } from '@kraft-canary/client/contract';
import { clip } from './clip.ts';

export interface RolledBackInput {
  readonly migration: string;
  /** The document the rollback starts from (its clusters and execution are kept); null when there is none. */
  readonly from: RoutingDocument | null;
  /** The highest revision in the parameter's history: clients move only to a higher one. */
  readonly aboveRevision: number;
  /**
   * Keep consumers on green whatever `from` says: a re-assertion over a racing stage write, which
   * may have put messages on green after `from` was written.
   */
  readonly keepGreen?: boolean;
  /** Epoch milliseconds of the decision. */
  readonly at: number;
  readonly actor: string;
  readonly reason: string;
}

/** Green may hold messages nobody consumed yet: consumers keep reading it until it is proven drained. */
export const greenMayHoldMessages = (doc: RoutingDocument | null): boolean => doc === null || doc.consumers.green || doc.producers.greenPercent > 0;

/**
 * The rolled-back route (producers all on blue; consumers keep green while it may hold
 * messages), built from the document itself because a rollback has no plan at hand (an alarm, a
 * Slack button). Its revision is above every revision seen, so every client moves to it whatever
 * raced it (invariant 2). The one place a rolled-back document is built: the first rollback write
 * and every re-assertion use it.
 */
export function rolledBackDocument(input: RolledBackInput): Result<RoutingDocument, string> {
  const { from } = input;
  const doc: RoutingDocument = {
    schema: 1,
    migration: input.migration,
    revision: input.aboveRevision + 1,
    phase: 'rolled-back',
    producers: { greenPercent: 0 },
    consumers: { blue: true, green: input.keepGreen === true || greenMayHoldMessages(from) },
    ...(from?.clusters === undefined ? {} : { clusters: from.clusters }),
    updatedAt: new Date(input.at).toISOString(),
    updatedBy: clip(input.actor, 256),
    reason: clip(input.reason, 1024),
    ...(from?.executionArn === undefined ? {} : { executionArn: from.executionArn }),
  };
  const checked = serializeRoutingDocument(doc);
  return checked.ok ? ok(doc) : err(checked.error.message);
}
