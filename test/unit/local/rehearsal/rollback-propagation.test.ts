import { describe, expect, it } from 'vitest';
import { type RouteChange, rollbackPropagation } from '../../../../src/local/rehearsal/rollback-propagation.ts';

const c = (service: string, at: number, cluster: RouteChange['cluster']): RouteChange => ({ service, at, cluster });

describe('rollbackPropagation', () => {
  it.each([
    {
      name: 'the last producer on green to switch sets the time',
      changes: [c('s1', 100, 'green'), c('s2', 120, 'green'), c('s1', 1_300, 'blue'), c('s2', 1_450, 'blue')],
      expected: { producersOnGreen: 2, milliseconds: 450, notSwitched: [] },
    },
    {
      name: 'producers already on blue do not count',
      changes: [c('s1', 100, 'green'), c('s1', 1_100, 'blue')],
      expected: { producersOnGreen: 1, milliseconds: 100, notSwitched: [] },
    },
    {
      name: 'a producer still on green leaves the propagation open',
      changes: [c('s1', 100, 'green'), c('s2', 100, 'green'), c('s1', 1_200, 'blue')],
      expected: { producersOnGreen: 2, milliseconds: null, notSwitched: ['s2'] },
    },
    {
      name: 'no producer on green: propagated at once',
      changes: [c('s1', 100, 'green'), c('s1', 900, 'blue')],
      expected: { producersOnGreen: 0, milliseconds: 0, notSwitched: [] },
    },
  ])('$name', ({ changes, expected }) => {
    // Act
    const result = rollbackPropagation(1_000, ['s1', 's2', 's3'], changes);

    // Assess
    expect(result).toEqual({ rollbackAt: 1_000, ...expected });
  });
});
