import type { RoutingMode } from '@kraft-canary/client';

/** One simulated service: its own topic and consumer group, and its instances. */
export interface ServiceLayout {
  readonly name: string;
  readonly topic: string;
  readonly group: string;
  readonly mode: RoutingMode;
  /** Instance names, `<service>-<n>`: each runs a canary producer and a canary consumer in the service's group. */
  readonly instances: readonly string[];
}

/** The fleet's topics have at least this many partitions, and at least one per instance of their service. */
export const MIN_PARTITIONS = 6;

export const serviceName = (index: number) => `svc-${index}`;
/** Odd services route each message by key, even ones as a whole instance: both modes run. */
export const modeOf = (index: number): RoutingMode => (index % 2 === 1 ? 'key' : 'instance');

/**
 * The rehearsal's fleet as a platform team runs one: `services` services, each producing to and
 * consuming from its own topic in its own group, with `instances` instances each. Names are what
 * MSK can publish lag for (ASCII, no `:`).
 */
export function fleetLayout(services: number, instances: number): ServiceLayout[] {
  return Array.from({ length: services }, (_, i) => {
    const name = serviceName(i + 1);
    return {
      name,
      topic: `rehearsal.${name}`,
      group: `${name}-consumers`,
      mode: modeOf(i + 1),
      instances: Array.from({ length: instances }, (_, j) => `${name}-${j + 1}`),
    };
  });
}

export const partitionsFor = (service: ServiceLayout): number => Math.max(MIN_PARTITIONS, service.instances.length);

/** The service an instance or message id (`<instance>:<seq>`) belongs to. */
export function serviceOf(layout: readonly ServiceLayout[], instanceOrId: string): string | null {
  const instance = instanceOrId.split(':')[0] ?? '';
  const service = instance.slice(0, instance.lastIndexOf('-'));
  return layout.some((s) => s.name === service) ? service : null;
}
