import { describe, expect, it } from 'vitest';
import { quietWaitMs } from '../../../../src/controller/decommission/blue-connections.ts';
import { CLOUDWATCH_TIMING } from '../../../../src/controller/gates/metric-timing.ts';

describe('quietWaitMs', () => {
  it.each([
    { name: 'CloudWatch, 15 minutes', quiet: 900, timing: CLOUDWATCH_TIMING, ms: (15 + 2 + 2) * 60_000 },
    { name: 'CloudWatch, 90 s rounds up to whole minutes', quiet: 90, timing: CLOUDWATCH_TIMING, ms: (2 + 2 + 2) * 60_000 },
    { name: 'CloudWatch, 1 s is one whole minute', quiet: 1, timing: CLOUDWATCH_TIMING, ms: (1 + 2 + 2) * 60_000 },
    { name: 'rehearsal store, 0.6 s periods published at once', quiet: 9, timing: { periodMs: 600, publicationDelayPeriods: 0 }, ms: (15 + 0 + 2) * 600 },
  ])('$name', ({ quiet, timing, ms }) => {
    // Act
    const wait = quietWaitMs(quiet, timing);

    // Assess
    expect(wait).toBe(ms);
  });
});
