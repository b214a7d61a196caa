import { describe, expect, it } from 'vitest';
import { fleetLayout, partitionsFor, serviceOf } from '../../../../src/local/rehearsal/fleet-layout.ts';

describe('fleetLayout', () => {
  it('gives every service its own topic and group, and names its instances', () => {
    // Act
    const layout = fleetLayout(2, 3);

    // Assess
    expect(layout).toEqual([
      { name: 'svc-1', topic: 'rehearsal.svc-1', group: 'svc-1-consumers', mode: 'key', instances: ['svc-1-1', 'svc-1-2', 'svc-1-3'] },
      { name: 'svc-2', topic: 'rehearsal.svc-2', group: 'svc-2-consumers', mode: 'instance', instances: ['svc-2-1', 'svc-2-2', 'svc-2-3'] },
    ]);
  });

  it.each([
    { instances: 1, partitions: 6 },
    { instances: 6, partitions: 6 },
    { instances: 12, partitions: 12 },
  ])('gives a service of $instances instances $partitions partitions, one at least per member', ({ instances, partitions }) => {
    // Act
    const [service] = fleetLayout(1, instances);

    // Assess
    expect(service && partitionsFor(service)).toBe(partitions);
  });

  it.each([
    { id: 'svc-12-2:381', service: 'svc-12' },
    { id: 'svc-1-10', service: 'svc-1' },
    { id: 'svc-40-1:1', service: null },
    { id: 'other:1', service: null },
  ])('maps $id to its service', ({ id, service }) => {
    // Act
    const found = serviceOf(fleetLayout(12, 10), id);

    // Assess
    expect(found).toBe(service);
  });
});
