import { PHASES, phaseRulesJsonSchema } from './phase-rules.ts';

/** SSM standard parameters hold at most 4 KB; the document must always fit in one. */
export const ROUTING_DOCUMENT_MAX_BYTES = 4096;
export const ROUTING_DOCUMENT_SCHEMA_VERSION = 1;

export const MIGRATION_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const MIGRATION_ID_MESSAGE = 'must be 1-63 characters of a-z, 0-9 and -, starting with a letter or digit';

/** Longest strings, in characters (Unicode code points, as JSON Schema's maxLength counts). */
export const ROUTING_DOCUMENT_LIMITS = { bootstrap: 1024, updatedBy: 256, reason: 1024, executionArn: 2048 } as const;

/** RFC 3339 date-time with a time zone (Z or ±hh:mm), calendar-checked, fractions of any length. */
export const UPDATED_AT =
  /^(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))T(?:(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|([+-](?:[01]\d|2[0-3]):[0-5]\d)))$/;

const string = (minLength: number, maxLength: number, extra: Record<string, unknown> = {}) => ({
  type: 'string',
  ...(minLength > 0 ? { minLength } : {}),
  maxLength,
  ...extra,
});

/**
 * The JSON Schema (draft 2020-12) shipped in docs/ for Java, Go and Python clients. Two rules
 * sit outside it, because JSON Schema cannot express them: the 4,096-byte limit on the UTF-8
 * text, and the exact two-decimal rule of `greenPercent` (docs/client.md).
 */
export function routingDocumentJsonSchema(): Record<string, unknown> {
  const LIMITS = ROUTING_DOCUMENT_LIMITS;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'urn:kraft-canary:routing-document:1',
    title: 'kraft-canary routing document',
    type: 'object',
    properties: {
      schema: { type: 'number', const: ROUTING_DOCUMENT_SCHEMA_VERSION, description: 'Document format version; clients reject others.' },
      migration: { type: 'string', pattern: MIGRATION_ID.source, description: 'Id of the migration this document routes.' },
      revision: {
        type: 'integer',
        minimum: 0,
        maximum: Number.MAX_SAFE_INTEGER,
        description: '+1 on every write; clients ignore a document older than one they have accepted.',
      },
      phase: { type: 'string', enum: [...PHASES] },
      producers: {
        type: 'object',
        properties: {
          greenPercent: {
            type: 'number',
            minimum: 0,
            maximum: 100,
            description: 'Share of producer traffic routed to green, 0-100, at most two decimal places (checked outside this schema).',
          },
        },
        required: ['greenPercent'],
        additionalProperties: false,
      },
      consumers: {
        type: 'object',
        properties: {
          blue: { type: 'boolean', description: 'Consumers must read the blue cluster.' },
          green: { type: 'boolean', description: 'Consumers must read the green cluster.' },
        },
        required: ['blue', 'green'],
        additionalProperties: false,
        description: 'Every cluster that may hold unconsumed data; never both false.',
      },
      clusters: {
        description: 'Optional bootstrap strings.',
        type: 'object',
        properties: { blue: string(1, LIMITS.bootstrap), green: string(1, LIMITS.bootstrap) },
        additionalProperties: false,
      },
      updatedAt: { type: 'string', format: 'date-time', pattern: UPDATED_AT.source },
      updatedBy: string(1, LIMITS.updatedBy),
      reason: string(0, LIMITS.reason),
      executionArn: string(1, LIMITS.executionArn),
    },
    required: ['schema', 'migration', 'revision', 'phase', 'producers', 'consumers', 'updatedAt', 'updatedBy', 'reason'],
    additionalProperties: false,
    description:
      'kraft-canary routing document, schema 1: at most 4096 bytes of UTF-8 JSON in SSM. A producer sends a unit to green ' +
      'when bucket(migration, unit) < round(greenPercent x 100) (algorithm and vectors: docs/bucket-vectors.json); consumers ' +
      'read every cluster marked true. Ignore a document whose revision is lower than one already accepted.',
    allOf: phaseRulesJsonSchema(),
  };
}
