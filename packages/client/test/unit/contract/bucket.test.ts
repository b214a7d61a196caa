import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketVectorsJson } from '../../../../../scripts/write-bucket-vectors.ts';
import { doc } from '../../../../../test/support/domain-fixtures.ts';
import { BUCKETS, bucketOf, consumeFrom, greenThreshold, routeProducer } from '../../../src/contract/bucket.ts';

const vectorsFile = new URL('../../../../../docs/bucket-vectors.json', import.meta.url);
const vectors = (JSON.parse(readFileSync(vectorsFile, 'utf8')) as { vectors: { migration: string; unit: string; bucket: number }[] }).vectors;

/** Percentages as routing documents carry them: 0..100 with at most two decimals. */
const percent = fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100);

describe('bucket vectors shipped for other languages', () => {
  it('has at least 50 varied vectors, including empty, unicode and long units', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(50);
    expect(vectors.some((v) => v.unit === '')).toBe(true);
    expect(vectors.some((v) => [...v.unit].some((c) => c.codePointAt(0)! > 0x7f))).toBe(true);
    expect(vectors.some((v) => v.unit.length >= 1000)).toBe(true);
  });

  it.each(vectors.map((v, i) => ({ ...v, label: `${i}: ${v.migration}/${JSON.stringify(v.unit).slice(0, 40)}` })))(
    '$label → $bucket',
    ({ migration, unit, bucket }) => {
      expect(bucketOf(migration, unit)).toBe(bucket);
    },
  );

  it('is what scripts/write-bucket-vectors.ts writes', () => {
    expect(readFileSync(vectorsFile, 'utf8')).toBe(bucketVectorsJson());
  });
});

describe('producer routing', () => {
  it.each([
    { greenPercent: 0, threshold: 0 },
    { greenPercent: 0.01, threshold: 1 },
    { greenPercent: 20, threshold: 2000 },
    { greenPercent: 33.33, threshold: 3333 },
    { greenPercent: 100, threshold: BUCKETS },
  ])('greenThreshold($greenPercent) = $threshold', ({ greenPercent, threshold }) => {
    expect(greenThreshold(greenPercent)).toBe(threshold);
  });

  it('routes every unit blue at 0 and green at 100', () => {
    fc.assert(
      fc.property(fc.string(), (unit) => {
        expect(routeProducer(doc({ producers: { greenPercent: 0 } }), unit)).toBe('blue');
        expect(routeProducer(doc({ producers: { greenPercent: 100 } }), unit)).toBe('green');
      }),
    );
  });

  it('raising greenPercent never moves a unit from green to blue', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/), fc.string({ unit: 'grapheme' }), percent, percent, (migration, unit, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const before = routeProducer(doc({ migration, producers: { greenPercent: low } }), unit);
        const after = routeProducer(doc({ migration, producers: { greenPercent: high } }), unit);
        expect(before === 'green' && after === 'blue').toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([1, 20, 50, 80, 99.5])('over 100,000 units the green share at %s%% is within 1 point', (greenPercent) => {
    const routing = doc({ producers: { greenPercent } });
    let green = 0;
    for (let i = 0; i < 100_000; i++) if (routeProducer(routing, `instance-${i}`) === 'green') green++;
    expect(Math.abs((green / 100_000) * 100 - greenPercent)).toBeLessThanOrEqual(1);
  });

  it('is the same in another process', () => {
    const units = Array.from({ length: 500 }, (_, i) => `unit-${i}-é-${'x'.repeat(i % 7)}`);
    const moduleUrl = new URL('../../../src/contract/bucket.ts', import.meta.url).href;
    const program = `const { bucketOf } = await import(${JSON.stringify(moduleUrl)});
      const units = JSON.parse(process.argv[1]);
      process.stdout.write(JSON.stringify(units.map((u) => bucketOf('payments', u))));`;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', program, JSON.stringify(units)], { encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual(units.map((u) => bucketOf('payments', u)));
  });
});

describe('consumeFrom', () => {
  it.each([
    { consumers: { blue: true, green: false }, expected: ['blue'] },
    { consumers: { blue: true, green: true }, expected: ['blue', 'green'] },
    { consumers: { blue: false, green: true }, expected: ['green'] },
  ])('$consumers → $expected', ({ consumers, expected }) => {
    expect(consumeFrom(doc({ consumers }))).toEqual(expected);
  });
});
