import { MIGRATION_ID } from '@kraft-canary/client/contract';
import { z } from 'zod';
import type { OriginalMessage } from '../ports/index.ts';
import { type ButtonRef, parseButton } from './approval-buttons.ts';
import { type ControlButtonRef, parseControlButton } from './control-buttons.ts';
import { isSlackResponseUrl } from './web-api.ts';

/** A verified click on one of kraft-canary's approval buttons. */
export interface ApprovalClick extends ButtonRef {
  readonly user: { readonly id: string; readonly name?: string };
  readonly responseUrl: string;
  readonly original: OriginalMessage;
}

/** A verified click on a stage message's Pause, Promote or Step back button. */
export interface ControlClick extends ControlButtonRef {
  readonly user: { readonly id: string; readonly name?: string };
  readonly responseUrl: string;
}

export type ParsedInteraction =
  | { readonly kind: 'click'; readonly click: ApprovalClick }
  | { readonly kind: 'control'; readonly click: ControlClick }
  /** A payload we do not act on (another type, another app's button): acknowledged, ignored. */
  | { readonly kind: 'ignored' }
  | { readonly kind: 'malformed' };

const PayloadSchema = z.object({
  type: z.string(),
  user: z.object({ id: z.string().regex(/^[UW][A-Z0-9]{2,}$/), username: z.string().optional(), name: z.string().optional() }),
  response_url: z.string().refine(isSlackResponseUrl, 'must be a Slack response_url'),
  actions: z.array(z.object({ action_id: z.string(), block_id: z.string(), value: z.string().max(2000).optional() })).min(1),
  message: z.object({ text: z.string().optional(), blocks: z.array(z.unknown()).optional() }).optional(),
});

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/**
 * Parses the urlencoded `payload` field. Call it only after the signature holds: until then
 * the body is attacker-controlled and not worth the parsing.
 */
export function parseInteraction(rawBody: string): ParsedInteraction {
  const payloadText = new URLSearchParams(rawBody).get('payload');
  if (payloadText === null) return { kind: 'malformed' };
  const raw = parseJson(payloadText) as { type?: unknown } | undefined;
  if (raw?.type !== undefined && raw.type !== 'block_actions') return { kind: 'ignored' };
  const parsed = PayloadSchema.safeParse(raw);
  if (!parsed.success) return { kind: 'malformed' };
  const { user, response_url, actions, message } = parsed.data;
  const first = actions[0]!;
  const name = user.username ?? user.name;
  const who = name === undefined ? { id: user.id } : { id: user.id, name };
  const control = parseControlButton(first.block_id, first.action_id, first.value ?? '');
  if (control !== null)
    return MIGRATION_ID.test(control.migration) ? { kind: 'control', click: { ...control, user: who, responseUrl: response_url } } : { kind: 'malformed' };
  const ref = parseButton(first.block_id, first.action_id, first.value ?? '');
  if (ref === null) return { kind: 'ignored' };
  if (!MIGRATION_ID.test(ref.migration)) return { kind: 'malformed' };
  return {
    kind: 'click',
    click: {
      ...ref,
      user: who,
      responseUrl: response_url,
      original: { ...(message?.text === undefined ? {} : { text: message.text }), ...(message?.blocks ? { blocks: message.blocks } : {}) },
    },
  };
}
