import { describe, expect, it } from 'vitest';
import { routingChangePropagation } from '../../../../src/local/rehearsal/rollback-propagation.ts';

describe('routingChangePropagation', () => {
  it('gives per write the spread from the write to each switch, and the sources', () => {
    // Prepare
    const writes = [
      { revision: 2, at: 1_000 },
      { revision: 3, at: 5_000 },
    ];
    const switches = [
      { service: 'svc-1', at: 1_100, revision: 2, via: 'push' as const },
      { service: 'svc-2', at: 1_300, revision: 2, via: 'push' as const },
      { service: 'svc-3', at: 9_000, revision: 2, via: 'poll' as const },
      { service: 'svc-1', at: 5_200, revision: 3, via: 'push' as const },
    ];
    // Act
    const changes = routingChangePropagation(writes, switches);
    // Assess
    expect(changes).toEqual([
      { revision: 2, writtenAt: 1_000, instances: 3, p50Ms: 300, p99Ms: 8_000, maxMs: 8_000, byPush: 2, byPoll: 1 },
      { revision: 3, writtenAt: 5_000, instances: 1, p50Ms: 200, p99Ms: 200, maxMs: 200, byPush: 1, byPoll: 0 },
    ]);
  });

  it('reports a write nobody switched to as zero instances', () => {
    expect(routingChangePropagation([{ revision: 4, at: 0 }], [])).toEqual([
      { revision: 4, writtenAt: 0, instances: 0, p50Ms: 0, p99Ms: 0, maxMs: 0, byPush: 0, byPoll: 0 },
    ]);
  });
});
