import { parseRoutingDocument, type RoutingDocument } from '@kraft-canary/client/contract';
import { isRollbackScenario, type RollbackScenario } from '../../domain/rollback-scenario.ts';
import { rolledBackDocument } from '../../domain/rolled-back-document.ts';
import type { Clock, CreateOnlyFlags, RoutingStore } from '../../ports/index.ts';
import { RollbackReassertError } from '../errors.ts';

/**
 * The rollback marker is a create-only flag written before the rolled-back routing document.
 * SSM has no compare-and-set, so every routing writer re-reads the marker and the parameter
 * history after its own write; whoever finds a racing stage write re-asserts the rollback
 * above it (invariant 2). Only an operator's new start removes the marker.
 */
export interface RollbackMarker {
  /** ISO 8601 instant of the rollback decision. */
  readonly at: string;
  readonly by: string;
  readonly reason: string;
  readonly scenario: RollbackScenario | null;
}

export const markerName = (prefix: string, migration: string): string => `${prefix}/${migration}/rolled-back`;

const text = (value: unknown, fallback: string): string => (typeof value === 'string' && value !== '' ? value : fallback);

/** Reads the marker; a marker whose value cannot be read still counts as present (fail safe). */
export async function readMarker(flags: CreateOnlyFlags, prefix: string, migration: string): Promise<RollbackMarker | null> {
  const raw = await flags.get(markerName(prefix, migration));
  if (raw === null) return null;
  let value: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed === 'object' && parsed !== null) value = parsed as Record<string, unknown>;
  } catch {
    // An unreadable marker is still a marker: the rollback stands.
  }
  const at = typeof value.at === 'number' ? new Date(value.at).toISOString() : text(value.at, 'unknown');
  const scenario = isRollbackScenario(value.scenario) ? value.scenario : null;
  return { at, by: text(value.by, 'unknown'), reason: text(value.reason, 'rolled back'), scenario };
}

/** Creates the marker; false when one already exists (a rollback is idempotent). */
export async function createMarker(flags: CreateOnlyFlags, prefix: string, migration: string, marker: RollbackMarker): Promise<boolean> {
  return flags.create(markerName(prefix, migration), JSON.stringify(marker));
}

export interface ReassertPorts {
  readonly routing: RoutingStore;
  readonly clock: Clock;
}

function parsedHistory(texts: readonly string[]): RoutingDocument[] {
  return texts.flatMap((t) => {
    const parsed = parseRoutingDocument(t);
    return parsed.ok ? [parsed.value] : [];
  });
}

/**
 * Writes the rolled-back document again with a revision above every revision in the history,
 * so that clients (which ignore older revisions) converge on the rollback whatever raced it.
 * Consumers read both clusters: a racing stage write may have put messages on green.
 * Returns the parameter version written.
 */
export async function reassertRollback(ports: ReassertPorts, migration: string, marker: RollbackMarker): Promise<number> {
  const history = parsedHistory((await ports.routing.historySince(migration, 0)).map((v) => v.text));
  const highest = history.reduce((max, doc) => Math.max(max, doc.revision), 0);
  const built = rolledBackDocument({
    migration,
    // The last rolled-back document (its execution and clusters), else the last one written.
    from: history.filter((doc) => doc.phase === 'rolled-back').at(-1) ?? history.at(-1) ?? null,
    aboveRevision: highest,
    keepGreen: true,
    at: ports.clock.now(),
    actor: marker.by,
    reason: `rollback re-asserted over a racing write: ${marker.reason}`,
  });
  if (!built.ok) throw new RollbackReassertError(`cannot re-assert the rollback: ${built.error}`);
  return ports.routing.write(migration, built.value);
}
