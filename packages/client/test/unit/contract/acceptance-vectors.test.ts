import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type AcceptanceVector, acceptanceVectorsJson, routeOf } from '../../../../../scripts/write-acceptance-vectors.ts';
import { judgeRoutingText, staticDefaultRoute } from '../../../src/contract/index.ts';

const file = readFileSync(new URL('../../../../../docs/acceptance-vectors.json', import.meta.url), 'utf8');
const vectors = JSON.parse(file) as { migration: string; units: string[]; cases: AcceptanceVector[] };

describe('docs/acceptance-vectors.json', () => {
  it('is what npm run vectors writes from the contract', () => {
    expect(file).toBe(acceptanceVectorsJson());
  });

  it('holds at least 500 uniquely named cases and every verdict and refusal code', () => {
    // Act
    const names = new Set(vectors.cases.map((c) => c.name));
    const outcomes = new Set(vectors.cases.map((c) => c.expect.code ?? c.expect.verdict));
    // Assess
    expect(vectors.cases.length).toBeGreaterThanOrEqual(500);
    expect(names.size).toBe(vectors.cases.length);
    expect([...outcomes].sort()).toEqual([
      'accepted',
      'after-complete',
      'confirmation',
      'conflicting-revision',
      'invalid',
      'malformed-json',
      'missing',
      'older-revision',
      'oversize',
      'unknown-schema',
      'wrong-migration',
    ]);
  });

  it('the client follows every vector', () => {
    // Act
    const disagreements = vectors.cases.filter((c) => {
      const judgement = judgeRoutingText(c.text, vectors.migration, c.inForce);
      const after = judgement.kind === 'accept' ? judgement.document : (c.inForce ?? staticDefaultRoute(vectors.migration));
      const verdict = { accept: 'accepted', unchanged: 'confirmation', reject: 'refused' }[judgement.kind];
      const got = {
        verdict,
        ...(judgement.kind === 'reject' ? { code: judgement.code } : {}),
        route: routeOf(after),
      };
      return JSON.stringify(got) !== JSON.stringify(c.expect);
    });
    // Assess
    expect(disagreements.map((c) => c.name)).toEqual([]);
  });
});
