import { describe, expect, it } from 'vitest';
import { MIGRATION, routingDoc } from '../../../../../test/support/routing-docs.ts';
import { bucketOf } from '../../../src/contract/bucket.ts';
import { bucketOfBytes, movesTraffic, producerClusters, routeMessage } from '../../../src/contract/key-route.ts';

const at = (percent: number) => routingDoc(2, percent, { blue: true, green: true });

describe('key routing', () => {
  it.each(['order-1', 'ключ', '', '🙂 emoji'])('hashes the bytes of %j exactly as bucketOf hashes the string', (key) => {
    // Act
    const fromBytes = bucketOfBytes(MIGRATION, Buffer.from(key, 'utf8'));

    // Assess
    expect(fromBytes).toBe(bucketOf(MIGRATION, key));
  });

  it('routes a key of another type by its string form', () => {
    // Prepare
    const doc = at(50);
    const keys = Array.from({ length: 50 }, (_, i) => i);

    // Act
    const asNumber = keys.map((k) => routeMessage(doc, 'key', 'i-1', k));

    // Assess
    expect(asNumber).toEqual(keys.map((k) => routeMessage(doc, 'key', 'i-1', String(k))));
  });

  it('routes string and Buffer keys alike, and null keys by the instance', () => {
    // Prepare
    const doc = at(50);
    const keys = Array.from({ length: 200 }, (_, i) => `k${i}`);

    // Act
    const asString = keys.map((k) => routeMessage(doc, 'key', 'i-1', k));
    const asBuffer = keys.map((k) => routeMessage(doc, 'key', 'i-1', Buffer.from(k)));
    const nullKey = routeMessage(doc, 'key', 'i-1', null);

    // Assess
    expect(asBuffer).toEqual(asString);
    expect(new Set(asString)).toEqual(new Set(['blue', 'green']));
    expect(nullKey).toBe(routeMessage(doc, 'instance', 'i-1', 'ignored'));
  });

  it.each([
    ['key', 0, 20, true],
    ['key', 20, 20, false],
    ['key', 100, 0, true],
  ] as const)('in %s mode %i -> %i moves traffic: %s', (mode, from, to, moves) => {
    // Act
    const result = movesTraffic(at(from), at(to), mode, 'i-1');

    // Assess
    expect(result).toBe(moves);
  });

  it.each([
    [0, ['blue']],
    [0.01, ['blue', 'green']],
    [99.99, ['blue', 'green']],
    [100, ['green']],
  ])('key mode at %d percent may send to %j', (percent, clusters) => {
    // Act
    const result = producerClusters(at(percent), 'key', 'i-1');

    // Assess
    expect(result).toEqual(clusters);
  });
});

describe('bucket test vectors (docs/bucket-vectors.json)', () => {
  it('bucketOfBytes reproduces every published vector from the unit bytes', async () => {
    // Prepare
    const { readFile } = await import('node:fs/promises');
    const vectors = JSON.parse(await readFile(new URL('../../../../../docs/bucket-vectors.json', import.meta.url), 'utf8')) as {
      vectors: { migration: string; unit: string; bucket: number }[];
    };

    // Act
    const mismatches = vectors.vectors.filter((v) => bucketOfBytes(v.migration, Buffer.from(v.unit, 'utf8')) !== v.bucket);

    // Assess
    expect(vectors.vectors.length).toBeGreaterThan(0);
    expect(mismatches).toEqual([]);
  });
});
