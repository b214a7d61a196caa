import { describe, expect, it } from 'vitest';
import { fleetLayout } from '../../../../src/local/rehearsal/fleet-layout.ts';
import { type CommittedOffset, readCommittedOffsets, strandedIds } from '../../../../src/local/rehearsal/stranded.ts';
import type { KafkaAdminPort } from '../../../../src/ports/index.ts';

const at = (topic: string, partition: number, offset: number) => ({ topic, partition, offset });

describe('strandedIds', () => {
  const committed: CommittedOffset = (cluster, _topic, partition) => {
    if (cluster === 'green') return undefined;
    return partition === 0 ? 100 : null;
  };

  it.each([
    { name: 'at the committed offset: the group reads it next', message: { id: 'a', cluster: 'blue' as const, position: at('t', 0, 100) }, stranded: true },
    { name: 'past the committed offset', message: { id: 'b', cluster: 'blue' as const, position: at('t', 0, 250) }, stranded: true },
    { name: 'on a partition the group never committed', message: { id: 'c', cluster: 'blue' as const, position: at('t', 1, 3) }, stranded: true },
    { name: 'behind the committed offset: the group moved past it', message: { id: 'd', cluster: 'blue' as const, position: at('t', 0, 99) }, stranded: false },
    { name: 'on a cluster that no longer runs', message: { id: 'e', cluster: 'green' as const, position: at('t', 0, 500) }, stranded: false },
    { name: 'where the broker put it is unknown', message: { id: 'f', cluster: 'blue' as const, position: null }, stranded: false },
  ])('$name: stranded $stranded', ({ message, stranded }) => {
    // Act
    const ids = strandedIds([message], committed);

    // Assess
    expect(ids.has(message.id)).toBe(stranded);
  });
});

describe('readCommittedOffsets', () => {
  it('reads each service group on each running cluster; a failing read stays unknown', async () => {
    // Prepare
    const admin = (fail: boolean) =>
      ({
        topicOffsets: async () => [
          { partition: 0, low: 0, high: 9 },
          { partition: 1, low: 0, high: 4 },
        ],
        groupOffsets: async (group: string, topics: readonly string[]) => {
          if (fail) throw new Error('down');
          return [{ topic: topics[0], partition: 0, committed: group === 'svc-1-consumers' ? 7 : 2 }];
        },
      }) as unknown as KafkaAdminPort;

    // Act
    const committed = await readCommittedOffsets(fleetLayout(2, 1), { blue: admin(false), green: null });
    const failing = await readCommittedOffsets(fleetLayout(1, 1), { blue: admin(true), green: admin(true) });

    // Assess
    expect(committed('blue', 'rehearsal.svc-1', 0)).toBe(7);
    expect(committed('blue', 'rehearsal.svc-2', 0)).toBe(2);
    expect(committed('blue', 'rehearsal.svc-2', 1)).toBeNull();
    expect(committed('green', 'rehearsal.svc-1', 0)).toBeUndefined();
    expect(failing('blue', 'rehearsal.svc-1', 0)).toBeUndefined();
  });
});
