import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPython } from '../../support/python-contract.ts';

describe('contrib/python: a second implementation of the routing contract', () => {
  it('agrees with every bucket vector and every acceptance vector', () => {
    // Act
    const run = runPython(['contrib/python/kraft_canary_routing.py', 'docs/bucket-vectors.json', 'docs/acceptance-vectors.json']);
    // Assess
    expect(run.stdout).toBe('docs/bucket-vectors.json: every vector agrees\ndocs/acceptance-vectors.json: every vector agrees\n');
    expect(run.status).toBe(0);
  });

  it('reports a vector it disagrees with and exits 1', () => {
    // Prepare: one acceptance vector with a wrong expectation.
    const dir = mkdtempSync(join(tmpdir(), 'kraft-canary-vectors-'));
    const path = join(dir, 'wrong.json');
    const wrong = { name: 'wrong on purpose', inForce: null, text: null, expect: { verdict: 'accepted', route: {} } };
    writeFileSync(path, JSON.stringify({ migration: 'm', units: ['i-1'], cases: [wrong] }));
    // Act
    const run = runPython(['contrib/python/kraft_canary_routing.py', path]);
    rmSync(dir, { recursive: true, force: true });
    // Assess
    expect(run.stdout).toMatch(/^wrong on purpose: expected \{'verdict': 'accepted'/);
    expect(run.status).toBe(1);
  });
});
