import type { Cluster } from '@kraft-canary/client/contract';

/** A send a broker acknowledged. `id` is `<service>:<seq>`; a retried send is still one record. */
export interface AckRecord {
  readonly id: string;
  readonly cluster: Cluster;
  /** Failed attempts before the acknowledged one (the simulated service retries the same message). */
  readonly failedAttempts: number;
}

/** One delivery to a consumer, in the order the fleet saw them. */
export interface DeliveryRecord {
  readonly id: string;
  readonly cluster: Cluster;
}

export interface ClusterCounts {
  /** Distinct messages a broker of this cluster acknowledged. */
  readonly produced: number;
  /** Distinct messages whose first delivery came from this cluster. */
  readonly consumed: number;
  /** Acknowledged here, never delivered, and no consumer of its group can read it any more. */
  readonly lost: number;
  /**
   * Acknowledged here, never delivered, but still in the log ahead of its group's committed
   * offset: the rehearsal stopped before the consumers caught up.
   */
  readonly stranded: number;
  /** Deliveries from this cluster of a message already delivered before. */
  readonly duplicated: number;
  /** Acknowledged here after one or more failed attempts (each such message counts once). */
  readonly retried: number;
}

export interface Accounting {
  readonly blue: ClusterCounts;
  readonly green: ClusterCounts;
  readonly total: ClusterCounts;
  /** Delivered but never acknowledged: a send reported failed that reached a broker anyway. */
  readonly unacknowledged: number;
  /** Up to ten lost message ids, to start an investigation from. */
  readonly lostSample: readonly string[];
}

interface Tally {
  produced: number;
  consumed: number;
  lost: number;
  stranded: number;
  duplicated: number;
  retried: number;
}

const emptyTally = (): Tally => ({ produced: 0, consumed: 0, lost: 0, stranded: 0, duplicated: 0, retried: 0 });
const LOST_SAMPLE = 10;

function countAcks(acks: readonly AckRecord[], tallies: Record<Cluster, Tally>): Map<string, Cluster> {
  const acked = new Map<string, Cluster>();
  for (const ack of acks) {
    // A message acknowledged twice (it never should be) counts once, on its first cluster.
    if (acked.has(ack.id)) continue;
    acked.set(ack.id, ack.cluster);
    tallies[ack.cluster].produced += 1;
    if (ack.failedAttempts > 0) tallies[ack.cluster].retried += 1;
  }
  return acked;
}

function countDeliveries(deliveries: readonly DeliveryRecord[], tallies: Record<Cluster, Tally>): Set<string> {
  const seen = new Set<string>();
  for (const delivery of deliveries) {
    if (seen.has(delivery.id)) {
      tallies[delivery.cluster].duplicated += 1;
    } else {
      seen.add(delivery.id);
      tallies[delivery.cluster].consumed += 1;
    }
  }
  return seen;
}

const sum = (a: Tally, b: Tally): ClusterCounts => ({
  produced: a.produced + b.produced,
  consumed: a.consumed + b.consumed,
  lost: a.lost + b.lost,
  stranded: a.stranded + b.stranded,
  duplicated: a.duplicated + b.duplicated,
  retried: a.retried + b.retried,
});

/**
 * Exact message accounting: every acknowledged send is delivered (at least once), stranded
 * (never delivered but still readable by its group: `stranded` lists them) or lost; every
 * delivery after the first of a message is a duplicate, charged to the cluster that delivered
 * it. Per-cluster rows add up to the total.
 */
export function account(acks: readonly AckRecord[], deliveries: readonly DeliveryRecord[], stranded: ReadonlySet<string> = new Set()): Accounting {
  const tallies: Record<Cluster, Tally> = { blue: emptyTally(), green: emptyTally() };
  const acked = countAcks(acks, tallies);
  const delivered = countDeliveries(deliveries, tallies);
  const lostSample: string[] = [];
  for (const [id, cluster] of acked) {
    if (delivered.has(id)) continue;
    if (stranded.has(id)) {
      tallies[cluster].stranded += 1;
      continue;
    }
    tallies[cluster].lost += 1;
    if (lostSample.length < LOST_SAMPLE) lostSample.push(id);
  }
  let unacknowledged = 0;
  for (const id of delivered) if (!acked.has(id)) unacknowledged += 1;
  return {
    blue: { ...tallies.blue },
    green: { ...tallies.green },
    total: sum(tallies.blue, tallies.green),
    unacknowledged,
    lostSample,
  };
}
