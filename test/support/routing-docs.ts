import type { Phase, RoutingDocument } from '@kraft-canary/client/contract';

export const MIGRATION = 'orders-move';

const phaseFor = (greenPercent: number, consumers: { blue: boolean; green: boolean }, rolledBack: boolean): Phase => {
  if (rolledBack) return 'rolled-back';
  if (!consumers.green) return 'idle';
  if (greenPercent === 100) return consumers.blue ? 'draining' : 'complete';
  return 'canary';
};

export function routingDoc(
  revision: number,
  greenPercent: number,
  consumers: { blue: boolean; green: boolean },
  options: { rolledBack?: boolean; migration?: string } = {},
): RoutingDocument {
  return {
    schema: 1,
    migration: options.migration ?? MIGRATION,
    revision,
    phase: phaseFor(greenPercent, consumers, options.rolledBack ?? false),
    producers: { greenPercent },
    consumers,
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: 'test',
    reason: `stage ${greenPercent}`,
  };
}

export const docText = (doc: RoutingDocument): string => JSON.stringify(doc);
