import { isDeepStrictEqual } from 'node:util';
import { parseRoutingDocument, type RoutingDocument } from './routing-document.ts';

export type RoutingRejection =
  | 'missing'
  | 'oversize'
  | 'malformed-json'
  | 'unknown-schema'
  | 'invalid'
  | 'wrong-migration'
  | 'older-revision'
  | 'conflicting-revision';

export type RoutingJudgement =
  | { readonly kind: 'accept'; readonly document: RoutingDocument }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'reject'; readonly code: RoutingRejection; readonly message: string };

/**
 * What a client does with the text it read (invariant 4): it acts only on a valid document of
 * its own migration whose revision is above the last one it accepted. `lastRead` is null while
 * the client runs on its static default, which any valid document replaces. Never throws.
 */
export function judgeRoutingText(text: unknown, migration: string, lastRead: RoutingDocument | null): RoutingJudgement {
  if (text === null || text === undefined) {
    return { kind: 'reject', code: 'missing', message: 'the routing parameter does not exist' };
  }
  const parsed = parseRoutingDocument(text as string);
  if (!parsed.ok) return { kind: 'reject', code: parsed.error.code, message: parsed.error.message };
  const document = parsed.value;
  if (document.migration !== migration) {
    return { kind: 'reject', code: 'wrong-migration', message: `document is for migration ${document.migration}, not ${migration}` };
  }
  if (lastRead === null || document.revision > lastRead.revision) return { kind: 'accept', document };
  if (document.revision < lastRead.revision) {
    return { kind: 'reject', code: 'older-revision', message: `revision ${document.revision} is older than ${lastRead.revision}` };
  }
  if (isDeepStrictEqual(document, lastRead)) return { kind: 'unchanged' };
  return {
    kind: 'reject',
    code: 'conflicting-revision',
    message: `revision ${document.revision} was read before with different content; keeping the first`,
  };
}
