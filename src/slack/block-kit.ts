/**
 * The handful of Block Kit shapes kraft-canary posts, with Slack's size limits applied so that
 * a long gate report never makes chat.postMessage fail with invalid_blocks.
 */
export type Block = Readonly<Record<string, unknown>>;

const LIMITS = {
  header: 150,
  section: 3000,
  field: 2000,
  context: 2000,
  fields: 10,
  contextElements: 10,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
} as const;

export const truncate = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** Slack escapes only &, < and > in mrkdwn; anything else passes through. */
export const escapeText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const header = (text: string): Block => ({
  type: 'header',
  text: { type: 'plain_text', text: truncate(text, LIMITS.header), emoji: true },
});

export const section = (text: string): Block => ({
  type: 'section',
  text: { type: 'mrkdwn', text: truncate(text, LIMITS.section) },
});

export const fieldsSection = (fields: readonly string[]): Block => ({
  type: 'section',
  fields: fields.slice(0, LIMITS.fields).map((text) => ({ type: 'mrkdwn', text: truncate(text, LIMITS.field) })),
});

export const context = (texts: readonly string[]): Block => ({
  type: 'context',
  elements: texts.slice(0, LIMITS.contextElements).map((text) => ({ type: 'mrkdwn', text: truncate(text, LIMITS.context) })),
});

export const divider = (): Block => ({ type: 'divider' });

/**
 * Slack's confirmation dialog object, shown before a button's click is sent: every field is
 * plain_text (title up to 100 characters, text 300, the two buttons 30).
 */
export const confirmDialog = (title: string, text: string, yes: string, style: 'primary' | 'danger') => ({
  title: { type: 'plain_text', text: truncate(title, LIMITS.confirmTitle) },
  text: { type: 'plain_text', text: truncate(text, LIMITS.confirmText) },
  confirm: { type: 'plain_text', text: truncate(yes, LIMITS.confirmButton) },
  deny: { type: 'plain_text', text: 'Cancel' },
  style,
});

/** A date every reader sees in their own time zone; the fallback is UTC ISO-8601. */
export const slackDate = (epochMs: number): string => {
  const seconds = Math.floor(epochMs / 1000);
  const fallback = new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
  return `<!date^${seconds}^{date_short_pretty} {time}|${fallback}>`;
};

/** Mentions for a Slack user id or an IAM principal (CLI decisions). */
export const mention = (who: string): string => (/^[UW][A-Z0-9]{2,}$/.test(who) ? `<@${who}>` : `\`${escapeText(who)}\``);

export const groupMention = (userGroup: string): string => `<!subteam^${userGroup}>`;
