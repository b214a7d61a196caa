import { createHash } from 'node:crypto';
import type { RoutingDocument } from './routing-document.ts';

export const BUCKETS = 10_000;

/**
 * The language-neutral bucket of a routing unit: the first four bytes of
 * SHA-256(UTF-8(migration + ":" + unit)), read as an unsigned big-endian 32-bit integer,
 * modulo 10000. SHA-256 is in every standard library (Java MessageDigest, Go crypto/sha256,
 * Python hashlib), so every client computes the same bucket. The modulo bias is below 1e-6.
 */
export function bucketOf(migration: string, unit: string): number {
  const digest = createHash('sha256').update(`${migration}:${unit}`, 'utf8').digest();
  return digest.readUInt32BE(0) % BUCKETS;
}

/** Buckets below this threshold are green; raising the percentage only ever adds buckets. */
export const greenThreshold = (greenPercent: number): number => Math.round(greenPercent * 100);

export type Cluster = 'blue' | 'green';

/** Where a producer sends for one routing unit (instance id, or message key in key mode). */
export function routeProducer(doc: RoutingDocument, unit: string): Cluster {
  return bucketOf(doc.migration, unit) < greenThreshold(doc.producers.greenPercent) ? 'green' : 'blue';
}

/** Every cluster a consumer must read: all that may hold unconsumed data. */
export function consumeFrom(doc: RoutingDocument): Cluster[] {
  const clusters: Cluster[] = [];
  if (doc.consumers.blue) clusters.push('blue');
  if (doc.consumers.green) clusters.push('green');
  return clusters;
}
