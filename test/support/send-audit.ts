import type { RoutingView } from '@kraft-canary/client';
import type { RoutingDocument } from '@kraft-canary/client/contract';
import { type Cluster, routeProducer } from '@kraft-canary/client/contract';

/** One send as its caller saw it: the newest revision its watcher had accepted at issue and at the outcome. */
export interface AuditedSend {
  readonly producer: string;
  /** The routing unit of each message: the instance id, or the key in key mode. */
  readonly units: readonly string[];
  readonly keyed: boolean;
  readonly firstSeq: number;
  readonly issuedAt: number;
  settledAt: number | null;
  failed: boolean;
}

export interface StoredMessage {
  readonly cluster: Cluster;
  readonly producer: string;
  readonly seq: number;
}

export interface SendAuditResult {
  readonly lost: string[];
  readonly duplicated: string[];
  readonly unaccounted: string[];
  /** On a cluster that no document in force between its issue and its outcome allowed. */
  readonly misrouted: string[];
  /** Key mode: a key on both clusters among sends issued and settled within one revision. */
  readonly splitKeys: string[];
}

/**
 * Records every send with the revisions its producer's watcher had accepted when it was issued
 * and when it settled, then judges what the clusters store against the routing documents. A
 * message may legitimately land where any document newest during its send routed it (it can be
 * released after a later document arrived); anywhere else it is misrouted.
 */
export class SendAudit {
  readonly #sends = new Map<string, AuditedSend>();
  readonly errors: unknown[] = [];

  static id(producer: string, seq: number): string {
    return `${producer}/${seq}`;
  }

  /** Call right before the send; settle the returned record when its promise settles. */
  issue(
    routing: RoutingView,
    what: Pick<AuditedSend, 'producer' | 'units' | 'keyed' | 'firstSeq'>,
  ): { settle(error?: unknown): void; readonly send: AuditedSend } {
    const { producer, firstSeq, units } = what;
    const send: AuditedSend = { ...what, issuedAt: routing.current().revision, settledAt: null, failed: false };
    for (let i = 0; i < units.length; i += 1) this.#sends.set(SendAudit.id(producer, firstSeq + i), send);
    return {
      send,
      settle: (error?: unknown) => {
        send.settledAt = routing.current().revision;
        if (error === undefined) return;
        send.failed = true;
        this.errors.push(error);
      },
    };
  }

  audit(stored: readonly StoredMessage[], docs: ReadonlyMap<number, RoutingDocument>): SendAuditResult {
    const seen = new Map<string, number>();
    const misrouted: string[] = [];
    const clustersOfKey = new Map<string, Set<Cluster>>();
    for (const m of stored) {
      const id = SendAudit.id(m.producer, m.seq);
      seen.set(id, (seen.get(id) ?? 0) + 1);
      const send = this.#sends.get(id);
      if (!send) continue;
      const unit = send.units[m.seq - send.firstSeq] as string;
      const until = send.settledAt ?? Math.max(...docs.keys());
      const allowed = new Set<Cluster>();
      for (let r = send.issuedAt; r <= until; r += 1) {
        const doc = docs.get(r);
        if (doc) allowed.add(routeProducer(doc, unit));
      }
      if (!allowed.has(m.cluster)) misrouted.push(`${id} on ${m.cluster} (r${send.issuedAt}..r${until})`);
      if (!send.keyed || send.issuedAt !== send.settledAt) continue;
      const key = `${send.producer}/${unit}/r${send.issuedAt}`;
      clustersOfKey.set(key, (clustersOfKey.get(key) ?? new Set()).add(m.cluster));
    }
    const acked = [...this.#sends].filter(([, s]) => s.settledAt !== null && !s.failed).map(([id]) => id);
    return {
      lost: acked.filter((id) => !seen.has(id)),
      duplicated: [...seen].filter(([, n]) => n > 1).map(([id]) => id),
      unaccounted: [...seen.keys()].filter((id) => (this.#sends.get(id)?.settledAt ?? null) === null),
      misrouted,
      splitKeys: [...clustersOfKey].filter(([, clusters]) => clusters.size > 1).map(([key]) => key),
    };
  }
}
