import { createHash } from 'node:crypto';
import { BUCKETS, type Cluster, greenThreshold, routeProducer } from './bucket.ts';
import type { RoutingDocument } from './routing-document.ts';

export type RoutingMode = 'instance' | 'key';

/**
 * bucketOf over raw key bytes: SHA-256(UTF-8(migration + ":") ‖ key bytes). For a key that is
 * a string this is exactly bucketOf(migration, key), so string and Buffer keys with the same
 * bytes land in the same bucket, as they do in a Java or Go client hashing byte[] keys.
 */
export function bucketOfBytes(migration: string, key: Uint8Array): number {
  const digest = createHash('sha256').update(`${migration}:`, 'utf8').update(key).digest();
  return digest.readUInt32BE(0) % BUCKETS;
}

/** Where one message goes: its key's bucket in key mode, else (and for null keys) the instance's. */
export function routeMessage(doc: RoutingDocument, mode: RoutingMode, instanceId: string, key: unknown): Cluster {
  if (mode === 'instance' || key === null || key === undefined) return routeProducer(doc, instanceId);
  if (typeof key === 'string') return routeProducer(doc, key);
  if (key instanceof Uint8Array) {
    return bucketOfBytes(doc.migration, key) < greenThreshold(doc.producers.greenPercent) ? 'green' : 'blue';
  }
  return routeProducer(doc, String(key));
}

/** Whether moving from `from` to `to` changes where any of this producer's messages go. */
export function movesTraffic(from: RoutingDocument, to: RoutingDocument, mode: RoutingMode, instanceId: string): boolean {
  if (mode === 'instance') return routeProducer(from, instanceId) !== routeProducer(to, instanceId);
  return greenThreshold(from.producers.greenPercent) !== greenThreshold(to.producers.greenPercent);
}

/** The clusters a producer may send to under `doc`. */
export function producerClusters(doc: RoutingDocument, mode: RoutingMode, instanceId: string): Cluster[] {
  if (mode === 'instance') return [routeProducer(doc, instanceId)];
  const threshold = greenThreshold(doc.producers.greenPercent);
  if (threshold <= 0) return ['blue'];
  if (threshold >= BUCKETS) return ['green'];
  return ['blue', 'green'];
}
