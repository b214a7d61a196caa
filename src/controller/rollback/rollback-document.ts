import { documentInForce, parseRoutingDocument, type RoutingDocument } from '@kraft-canary/client/contract';
import type { RollbackScenario } from '../../domain/rollback-scenario.ts';
import { rolledBackDocument } from '../../domain/rolled-back-document.ts';
import type { RoutingStore, StoredRouting } from '../../ports/index.ts';
import { RollbackReassertError } from '../errors.ts';

/** The parameter's history as the rollback sees it: every readable version, and the newest one. */
export interface RoutingHistory {
  /** Highest SSM version in the history; 0 when the parameter has none. */
  readonly lastVersion: number;
  /** Readable documents, oldest first (hand-edited junk is skipped, never built upon). */
  readonly docs: readonly { readonly version: number; readonly doc: RoutingDocument }[];
  readonly highestRevision: number;
}

export function historyOf(versions: readonly StoredRouting[]): RoutingHistory {
  const docs = versions.flatMap((v) => {
    const parsed = parseRoutingDocument(v.text);
    return parsed.ok ? [{ version: v.version, doc: parsed.value }] : [];
  });
  return {
    lastVersion: versions.reduce((max, v) => Math.max(max, v.version), 0),
    docs,
    highestRevision: docs.reduce((max, d) => Math.max(max, d.doc.revision), 0),
  };
}

export const readHistory = async (routing: RoutingStore, migration: string): Promise<RoutingHistory> => historyOf(await routing.historySince(migration, 0));

/** The document a client that read every version in order follows (the contract's precedence rule). */
export const effectiveDocument = (history: RoutingHistory): RoutingDocument | null => documentInForce(history.docs.map((d) => d.doc));

export interface RollbackDecision {
  readonly at: number;
  readonly actor: string;
  readonly reason: string;
  readonly scenario: RollbackScenario;
}

/**
 * The first rolled-back document of a rollback, from the document clients currently follow and
 * above every revision in the history (the domain builds it: rolled-back-document.ts).
 */
export function initialRolledBackDocument(history: RoutingHistory, migration: string, decision: RollbackDecision): RoutingDocument {
  const built = rolledBackDocument({
    migration,
    from: effectiveDocument(history),
    aboveRevision: history.highestRevision,
    at: decision.at,
    actor: decision.actor,
    reason: `${decision.reason} [${decision.scenario}]`,
  });
  if (!built.ok) throw new RollbackReassertError(`cannot build the rolled-back document: ${built.error}`);
  return built.value;
}

/**
 * True when every client converges on a rollback: the newest version (what a fresh client
 * reads) is rolled back, and no other route reaches the highest rolled-back revision (a stage
 * document with an equal or higher revision would keep the clients that saw it on green, since
 * clients only move to a higher revision). A late re-assertion may leave a rolled-back newest
 * version below an earlier rolled-back one: harmless, both route producers to blue.
 */
export function rollbackHolds(history: RoutingHistory): boolean {
  const newest = history.docs.at(-1);
  if (newest === undefined || newest.version !== history.lastVersion || newest.doc.phase !== 'rolled-back') return false;
  const top = Math.max(...history.docs.filter((d) => d.doc.phase === 'rolled-back').map((d) => d.doc.revision));
  return history.docs.every((d) => d.doc.phase === 'rolled-back' || d.doc.revision < top);
}
