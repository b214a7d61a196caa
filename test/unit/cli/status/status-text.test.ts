import { describe, expect, it } from 'vitest';
import { fleetLine } from '../../../../src/cli/status/status-text.ts';
import type { FleetRevision } from '../../../../src/domain/fleet-revision.ts';

const at = Date.parse('2026-05-04T10:31:00.000Z');

describe('fleetLine', () => {
  it.each<[string, FleetRevision, string]>([
    [
      'all current',
      { kind: 'reported', lowest: 7, highest: 7, current: 7, upToDate: true, at, windowMinutes: 5 },
      'revision 7 applied by the reporting clients (newest minute 2026-05-04T10:31:00.000Z): all have the current revision 7',
    ],
    [
      'some behind',
      { kind: 'reported', lowest: 6, highest: 7, current: 7, upToDate: false, at, windowMinutes: 5 },
      'revisions 6 to 7 applied by the reporting clients (newest minute 2026-05-04T10:31:00.000Z): not all have the current revision 7 yet',
    ],
    [
      'no readable document to compare with',
      { kind: 'reported', lowest: 6, highest: 7, current: null, upToDate: null, at, windowMinutes: 5 },
      'revisions 6 to 7 applied by the reporting clients (newest minute 2026-05-04T10:31:00.000Z)',
    ],
    [
      'no data',
      { kind: 'no-data', windowMinutes: 5 },
      'no client metrics in the last 5 min (RoutingRevision: clients publish it with emitEmfMetrics and the routing watcher)',
    ],
    [
      'unreadable',
      { kind: 'unknown', problem: 'AwsCallError: GetMetricData failed (AccessDeniedException)', windowMinutes: 5 },
      'unknown (AwsCallError: GetMetricData failed (AccessDeniedException))',
    ],
  ])('%s', (_name, fleet, line) => {
    expect(fleetLine(fleet)).toBe(line);
  });
});
