import type { RoutingDocument } from '@kraft-canary/client/contract';
import type { RoutingCreation, RoutingStore } from '../../ports/index.ts';
import { readMarker, reassertRollback } from '../rollback/rollback-marker.ts';
import type { GuardedWritePorts, GuardedWriteResult } from './guarded-write.ts';

export interface FirstRoutingWritePorts extends GuardedWritePorts {
  readonly routing: RoutingStore & RoutingCreation;
}

/**
 * The migration's first routing document, create-only. Nothing else creates the parameter (the
 * stack does not own it), and a document that appeared since the caller found none is never
 * overwritten: the caller reports `exists` and a new start reads it. A rollback that raced
 * the creation wins as it does over any forward write (see guardedWrite).
 */
export async function firstRoutingWrite(
  ports: FirstRoutingWritePorts,
  migration: string,
  doc: RoutingDocument,
): Promise<GuardedWriteResult | { kind: 'exists' }> {
  const version = await ports.routing.createFirst(migration, doc);
  if (version === null) return { kind: 'exists' };
  const marker = await readMarker(ports.flags, ports.prefix, migration);
  if (marker === null) return { kind: 'written', version };
  await reassertRollback(ports, migration, marker);
  return { kind: 'rolled-back', marker };
}
