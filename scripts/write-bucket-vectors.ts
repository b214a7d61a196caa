/**
 * Writes docs/bucket-vectors.json: test vectors for the producer bucket so that clients in
 * other languages can prove they route exactly as this one does. Run: node scripts/write-bucket-vectors.ts
 */
import { writeFileSync } from 'node:fs';
import { BUCKETS, bucketOf } from '@kraft-canary/client/contract';

const MIGRATIONS = ['payments', 'orders-kraft-2026', 'm', '0', 'a-very-long-migration-id-with-many-parts-0123456789-abcdefghij'];

const UNITS: readonly string[] = [
  '',
  ' ',
  'i-0a1b2c3d4e5f67890',
  'ip-10-0-12-34.ap-southeast-3.compute.internal',
  'payments-api-7d9f8c6b5-x2k4q',
  'order-123456',
  'ORDER-123456',
  'user:42',
  '{"tenant":"acme","id":7}',
  'tab\there',
  'line\nbreak',
  'nul\u0000byte',
  'ümlaut-straße',
  'café',
  'cafe\u0301',
  '日本語のキー',
  '患者-0001',
  'пациент',
  'مريض',
  '🚀',
  '👩‍⚕️ dokter',
  'Apotek Sehat Jakarta',
  'a'.repeat(1000),
  'long-key-'.repeat(500),
];

export interface BucketVector {
  migration: string;
  unit: string;
  bucket: number;
}

export function bucketVectors(): BucketVector[] {
  const vectors: BucketVector[] = [];
  MIGRATIONS.forEach((migration, m) => {
    // Every unit for the first two migrations, then a rotating share, so each id is covered.
    const units = m < 2 ? UNITS : UNITS.filter((_, u) => u % 3 === m % 3);
    for (const unit of units) vectors.push({ migration, unit, bucket: bucketOf(migration, unit) });
  });
  return vectors;
}

export function bucketVectorsJson(): string {
  const file = {
    description:
      'kraft-canary producer buckets. bucket = uint32_big_endian(first 4 bytes of SHA-256(UTF-8(migration + ":" + unit))) mod ' +
      `${BUCKETS}. A unit routes to green when bucket < round(greenPercent * 100).`,
    buckets: BUCKETS,
    vectors: bucketVectors(),
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

if (import.meta.main) {
  const target = new URL('../docs/bucket-vectors.json', import.meta.url);
  writeFileSync(target, bucketVectorsJson());
  process.stdout.write(`wrote ${bucketVectors().length} vectors to docs/bucket-vectors.json\n`);
}
