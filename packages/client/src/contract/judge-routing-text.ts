import { type Precedence, precedence } from './precedence.ts';
import { parseRoutingDocument, type RoutingDocument, type RoutingDocumentErrorCode } from './routing-document.ts';

export type RoutingRejection = 'missing' | RoutingDocumentErrorCode | 'wrong-migration' | 'older-revision' | 'conflicting-revision' | 'after-complete';

export type RoutingJudgement =
  | { readonly kind: 'accept'; readonly document: RoutingDocument }
  | { readonly kind: 'unchanged' }
  | { readonly kind: 'reject'; readonly code: RoutingRejection; readonly message: string };

const REFUSALS: Readonly<Record<Exclude<Precedence, 'replaces' | 'confirms'>, RoutingRejection>> = {
  older: 'older-revision',
  conflicts: 'conflicting-revision',
  'after-complete': 'after-complete',
};

function refusalMessage(code: RoutingRejection, document: RoutingDocument, inForce: RoutingDocument): string {
  if (code === 'older-revision') return `revision ${document.revision} is older than ${inForce.revision}`;
  if (code === 'after-complete') return `revision ${document.revision} (${document.phase}) follows a complete migration; complete is final`;
  return `revision ${document.revision} was read before with different content; keeping the first`;
}

/**
 * What a client does with the text it read (invariant 4): it acts only on a valid document of
 * its own migration that the precedence rule (precedence.ts) puts above the one in force.
 * `inForce` is null while the client runs on its static default, which any valid document
 * replaces, revision 0 included. The checks run in a fixed order and the first that fails
 * names the refusal (docs/client.md §2). Never throws.
 */
export function judgeRoutingText(text: unknown, migration: string, inForce: RoutingDocument | null): RoutingJudgement {
  if (text === null || text === undefined) {
    return { kind: 'reject', code: 'missing', message: 'the routing parameter does not exist' };
  }
  const parsed = parseRoutingDocument(text as string);
  if (!parsed.ok) return { kind: 'reject', code: parsed.error.code, message: parsed.error.message };
  const document = parsed.value;
  if (document.migration !== migration) {
    return { kind: 'reject', code: 'wrong-migration', message: `document is for migration ${document.migration}, not ${migration}` };
  }
  const verdict = precedence(inForce, document);
  if (verdict === 'replaces') return { kind: 'accept', document };
  if (verdict === 'confirms') return { kind: 'unchanged' };
  const code = REFUSALS[verdict];
  return { kind: 'reject', code, message: refusalMessage(code, document, inForce as RoutingDocument) };
}
