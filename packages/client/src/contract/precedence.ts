import type { RoutingDocument } from './routing-document.ts';

/**
 * Which of two valid documents of one migration is in force — the one rule that the client,
 * the controller and the tests share (invariant 2, "rollback wins"):
 *
 * 1. a higher revision replaces a lower one;
 * 2. at an equal revision, the same content is a confirmation;
 * 3. at an equal revision with other content, a `rolled-back` document replaces any other
 *    phase, and otherwise the document already in force stays (`conflicts`);
 * 4. `complete` is final: once it is in force, only another `complete` may replace it.
 */
export type Precedence = 'replaces' | 'confirms' | 'older' | 'conflicts' | 'after-complete';

export function precedence(current: RoutingDocument | null, candidate: RoutingDocument): Precedence {
  if (current === null) return 'replaces';
  if (candidate.revision < current.revision) return 'older';
  if (candidate.revision === current.revision) {
    if (sameRoutingContent(current, candidate)) return 'confirms';
    if (candidate.phase !== 'rolled-back' || current.phase === 'rolled-back') return 'conflicts';
  }
  return current.phase === 'complete' && candidate.phase !== 'complete' ? 'after-complete' : 'replaces';
}

/** The document in force after reading `documents` in order, starting from `initial`. */
export function documentInForce(documents: readonly RoutingDocument[], initial: RoutingDocument | null = null): RoutingDocument | null {
  return documents.reduce((current, candidate) => (precedence(current, candidate) === 'replaces' ? candidate : current), initial);
}

/**
 * Parsed-value equality: key order is irrelevant, numbers compare by value (`20` equals
 * `20.0`, and `-0` equals `0`), an absent optional field differs from a present one.
 */
export function sameRoutingContent(a: unknown, b: unknown): boolean {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return a === b;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && sameRoutingContent((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}
