import type { Cluster } from '@kraft-canary/client/contract';
import type { AckRecord, DeliveryRecord } from './accounting.ts';

/** Id of a simulated message: `<service>:<seq>`, carried as the message value. */
export const messageId = (service: string, seq: number): string => `${service}:${seq}`;

/**
 * Everything the fleet sent and received, as it happened: acknowledgements as the Kafka
 * client saw them per cluster, failed attempts, deliveries in order, and group generations.
 * The accounting is computed from it at the end; the running totals feed the live display.
 */
/** Where a broker stored an acknowledged message. */
export interface LogPosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
}

export class MessageLedger {
  readonly #acked = new Map<string, Cluster>();
  readonly #positions = new Map<string, LogPosition>();
  readonly #failedAttempts = new Map<string, number>();
  readonly #deliveries: DeliveryRecord[] = [];
  readonly #delivered = new Set<string>();
  readonly #waiting = new Set<string>();
  readonly #abandoned = new Set<string>();
  readonly ackCount: Record<Cluster, number> = { blue: 0, green: 0 };
  readonly deliveryCount: Record<Cluster, number> = { blue: 0, green: 0 };
  readonly generations: Record<Cluster, number> = { blue: 0, green: 0 };

  acked(cluster: Cluster, id: string, position?: LogPosition): void {
    if (this.#acked.has(id)) return;
    this.#acked.set(id, cluster);
    if (position && Number.isSafeInteger(position.offset)) this.#positions.set(id, position);
    this.ackCount[cluster] += 1;
    this.#abandoned.delete(id);
    if (!this.#delivered.has(id)) this.#waiting.add(id);
  }

  failed(id: string): void {
    this.#failedAttempts.set(id, (this.#failedAttempts.get(id) ?? 0) + 1);
  }

  /** The service stopped retrying this message: it was never acknowledged. */
  abandoned(id: string): void {
    if (!this.#acked.has(id)) this.#abandoned.add(id);
  }

  delivered(cluster: Cluster, id: string): void {
    this.#deliveries.push({ id, cluster });
    this.#delivered.add(id);
    this.#waiting.delete(id);
    this.deliveryCount[cluster] += 1;
  }

  /** A consumer group finished a rebalance on this cluster (counted once, by its leader). */
  generation(cluster: Cluster): void {
    this.generations[cluster] += 1;
  }

  /** Acknowledged messages not delivered yet. */
  get outstanding(): number {
    return this.#waiting.size;
  }

  /** Acknowledged messages not delivered yet, per service (the id's instance prefix mapped by `serviceOf`). */
  outstandingBy(serviceOf: (id: string) => string | null): Map<string, number> {
    const counts = new Map<string, number>();
    for (const id of this.#waiting) {
      const service = serviceOf(id) ?? 'unknown';
      counts.set(service, (counts.get(service) ?? 0) + 1);
    }
    return counts;
  }

  /** Acknowledged, never delivered, with where the broker stored it when known. */
  undelivered(): { id: string; cluster: Cluster; position: LogPosition | null }[] {
    return [...this.#waiting].map((id) => ({ id, cluster: this.#acked.get(id) as Cluster, position: this.#positions.get(id) ?? null }));
  }

  get abandonedCount(): number {
    return this.#abandoned.size;
  }

  acks(): AckRecord[] {
    return [...this.#acked].map(([id, cluster]) => ({ id, cluster, failedAttempts: this.#failedAttempts.get(id) ?? 0 }));
  }

  deliveries(): readonly DeliveryRecord[] {
    return this.#deliveries;
  }
}
