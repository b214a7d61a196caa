import { parseRoutingDocument, type RoutingDocument } from '@kraft-canary/client/contract';
import type { Clock, CreateOnlyFlags, RoutingStore } from '../../ports/index.ts';
import { type RollbackMarker, readMarker, reassertRollback } from '../rollback/rollback-marker.ts';

export interface GuardedWritePorts {
  readonly routing: RoutingStore;
  readonly flags: CreateOnlyFlags;
  readonly clock: Clock;
  readonly prefix: string;
}

export type GuardedWriteResult = { kind: 'written'; version: number } | { kind: 'rolled-back'; marker: RollbackMarker };

const rolledBackMarkerOf = (text: string): RollbackMarker | null => {
  const parsed = parseRoutingDocument(text);
  if (!parsed.ok || parsed.value.phase !== 'rolled-back') return null;
  return { at: parsed.value.updatedAt, by: parsed.value.updatedBy, reason: parsed.value.reason, scenario: null };
};

/**
 * A forward routing write under the rollback protocol (invariant 2). SSM cannot compare and
 * set, so the race is settled after the fact: once written, re-read the marker and every
 * version since the one this write was based on. A rollback that appeared in between wins:
 * its document is written again above ours and the caller reports `rolled-back`.
 */
export async function guardedWrite(ports: GuardedWritePorts, migration: string, basedOnVersion: number, doc: RoutingDocument): Promise<GuardedWriteResult> {
  const version = await ports.routing.write(migration, doc);
  const marker = await readMarker(ports.flags, ports.prefix, migration);
  const later = await ports.routing.historySince(migration, basedOnVersion);
  const racing = later
    .filter((v) => v.version !== version)
    .map((v) => rolledBackMarkerOf(v.text))
    .find((m) => m !== null);
  const winner = marker ?? racing ?? null;
  if (winner === null) return { kind: 'written', version };
  await reassertRollback(ports, migration, winner);
  return { kind: 'rolled-back', marker: winner };
}
