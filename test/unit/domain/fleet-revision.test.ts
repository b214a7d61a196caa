import { describe, expect, it } from 'vitest';
import { FLEET_WINDOW_MINUTES, fleetRevision, type RevisionPoint } from '../../../src/domain/fleet-revision.ts';

const M = 60_000;
const points = (...values: [minute: number, value: number][]): RevisionPoint[] => values.map(([minute, value]) => ({ at: minute * M, value }));

describe('fleetRevision', () => {
  it.each<[string, RevisionPoint[], RevisionPoint[], number | null, object]>([
    ['all on the current revision', points([3, 12], [4, 12]), points([3, 12], [4, 12]), 12, { lowest: 12, highest: 12, upToDate: true, at: 4 * M }],
    ['one still behind in the newest two minutes', points([3, 11], [4, 12]), points([3, 12], [4, 12]), 12, { lowest: 11, highest: 12, upToDate: false }],
    ['older minutes do not count', points([1, 9], [3, 12], [4, 12]), points([1, 9], [3, 12], [4, 12]), 12, { lowest: 12, upToDate: true }],
    ['clients ahead of the document read (a newer write)', points([4, 13]), points([4, 13]), 12, { lowest: 13, highest: 13, upToDate: true }],
    ['no readable document', points([4, 5]), points([4, 7]), null, { lowest: 5, highest: 7, current: null, upToDate: null }],
    ['the newest minute of one series only', points([2, 4], [4, 6]), points([4, 6]), 6, { lowest: 4, highest: 6, upToDate: false, at: 4 * M }],
  ])('%s', (_name, minimums, maximums, current, expected) => {
    // Act
    const fleet = fleetRevision(minimums, maximums, current);
    // Assess
    expect(fleet).toMatchObject({ kind: 'reported', current, windowMinutes: FLEET_WINDOW_MINUTES, ...expected });
  });

  it.each([
    ['no data at all', [], []],
    ['minimums only', points([4, 3]), []],
    ['maximums only', [], points([4, 3])],
  ])('%s: no data, the window named', (_name, minimums, maximums) => {
    expect(fleetRevision(minimums, maximums, 3, 10)).toEqual({ kind: 'no-data', windowMinutes: 10 });
  });
});
