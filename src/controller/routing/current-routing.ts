import { parseRoutingDocument, type RoutingDocument } from '@kraft-canary/client/contract';
import type { RoutingStore } from '../../ports/index.ts';
import { UnreadableRoutingDocumentError } from '../errors.ts';

export interface CurrentRouting {
  /** Parameter version the document was read at; 0 when the parameter does not exist. */
  readonly version: number;
  readonly doc: RoutingDocument | null;
}

/**
 * The latest routing document. Text that is not a valid document (someone edited the parameter
 * by hand) stops the controller: it never builds on a route it cannot read.
 */
export async function readRouting(routing: RoutingStore, migration: string): Promise<CurrentRouting> {
  const stored = await routing.read(migration);
  if (stored === null) return { version: 0, doc: null };
  const parsed = parseRoutingDocument(stored.text);
  if (!parsed.ok) {
    throw new UnreadableRoutingDocumentError(`the routing parameter of ${migration} (version ${stored.version}) is unreadable: ${parsed.error.code}`);
  }
  return { version: stored.version, doc: parsed.value };
}
