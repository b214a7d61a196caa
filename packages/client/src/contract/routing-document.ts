import { z } from 'zod';
import { phaseRuleIssues, phaseRulesJsonSchema } from './phase-rules.ts';
import { err, ok, type FieldIssue, type Result } from './result.ts';

/** SSM standard parameters hold at most 4 KB; the document must always fit in one. */
export const ROUTING_DOCUMENT_MAX_BYTES = 4096;
export const ROUTING_DOCUMENT_SCHEMA_VERSION = 1;

export const MIGRATION_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const MigrationIdSchema = z
  .string()
  .regex(MIGRATION_ID, 'must be 1-63 characters of a-z, 0-9 and -, starting with a letter or digit');

export const PHASES = ['idle', 'canary', 'draining', 'complete', 'rolled-back'] as const;
export type Phase = (typeof PHASES)[number];

/** Percentages carry at most two decimals: buckets are 0..9999, one per 0.01 %. */
export const GreenPercentSchema = z
  .number()
  .min(0)
  .max(100)
  .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-9, 'must have at most two decimal places');

export const RoutingDocumentSchema = z
  .object({
    schema: z.literal(ROUTING_DOCUMENT_SCHEMA_VERSION).describe('Document format version; clients reject others.'),
    migration: MigrationIdSchema.describe('Id of the migration this document routes.'),
    revision: z
      .number()
      .int()
      .min(0)
      .max(Number.MAX_SAFE_INTEGER)
      .describe('+1 on every write; clients ignore a document older than one they have seen.'),
    phase: z.enum(PHASES),
    producers: z
      .object({
        greenPercent: GreenPercentSchema.describe('Share of producer traffic routed to green, 0-100, at most two decimal places.'),
      })
      .strict(),
    consumers: z
      .object({
        blue: z.boolean().describe('Consumers must read the blue cluster.'),
        green: z.boolean().describe('Consumers must read the green cluster.'),
      })
      .strict()
      .describe('Every cluster that may hold unconsumed data; never both false.'),
    clusters: z
      .object({
        blue: z.string().min(1).max(1024).optional(),
        green: z.string().min(1).max(1024).optional(),
      })
      .strict()
      .optional()
      .describe('Optional bootstrap strings.'),
    updatedAt: z.iso.datetime({ offset: true }),
    updatedBy: z.string().min(1).max(256),
    reason: z.string().max(1024),
    executionArn: z.string().min(1).max(2048).optional(),
  })
  // Unknown fields are refused, as the JSON Schema says: a new field means a new schema version.
  .strict()
  .describe(
    'kraft-canary routing document, schema 1: at most 4096 bytes of UTF-8 JSON in SSM. A producer sends a unit to green ' +
      'when bucket(migration, unit) < greenPercent x 100 (algorithm and vectors: docs/bucket-vectors.json); consumers read ' +
      'every cluster marked true. Ignore a document whose revision is lower than one already seen.',
  );

export type RoutingDocument = z.infer<typeof RoutingDocumentSchema>;

/** Cross-field rules of the phases (see phase-rules.ts), as field issues. */
export function phaseIssues(doc: RoutingDocument): FieldIssue[] {
  return phaseRuleIssues(doc);
}

export type RoutingDocumentErrorCode = 'oversize' | 'malformed-json' | 'unknown-schema' | 'invalid';

export interface RoutingDocumentError {
  readonly code: RoutingDocumentErrorCode;
  readonly message: string;
  readonly issues: readonly FieldIssue[];
}

const utf8Bytes = (text: string) => new TextEncoder().encode(text).byteLength;

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key].join('.'), message: 'unknown field' }));
    }
    return [{ path: path.join('.') || '(root)', message: issue.message }];
  });
}

function invalid(issues: FieldIssue[]): RoutingDocumentError {
  const summary = issues.slice(0, 1).map((issue) => `${issue.path}: ${issue.message}`);
  return { code: 'invalid', message: `invalid routing document: ${summary}`, issues };
}

/** Validates an already-parsed value. Never throws. */
export function validateRoutingDocument(value: unknown): Result<RoutingDocument, RoutingDocumentError> {
  if (typeof value === 'object' && value !== null && 'schema' in value && value.schema !== ROUTING_DOCUMENT_SCHEMA_VERSION) {
    return err({
      code: 'unknown-schema',
      message: `unknown routing document schema ${JSON.stringify(value.schema)}; this client reads schema ${ROUTING_DOCUMENT_SCHEMA_VERSION}`,
      issues: [{ path: 'schema', message: 'unknown schema version' }],
    });
  }
  const parsed = RoutingDocumentSchema.safeParse(value);
  if (!parsed.success) return err(invalid(zodIssues(parsed.error)));
  const issues = phaseIssues(parsed.data);
  return issues.length > 0 ? err(invalid(issues)) : ok(parsed.data);
}

/** Parses the text stored in SSM. Never throws: every failure is a typed error value. */
export function parseRoutingDocument(text: string): Result<RoutingDocument, RoutingDocumentError> {
  if (typeof text !== 'string') {
    return err({ code: 'malformed-json', message: 'routing document is not text', issues: [] });
  }
  const bytes = utf8Bytes(text);
  if (bytes > ROUTING_DOCUMENT_MAX_BYTES) {
    return err({
      code: 'oversize',
      message: `routing document is ${bytes} bytes; the limit is ${ROUTING_DOCUMENT_MAX_BYTES}`,
      issues: [],
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    return err({ code: 'malformed-json', message: `routing document is not JSON: ${(cause as Error).message}`, issues: [] });
  }
  return validateRoutingDocument(value);
}

/** Serializes a document, refusing one that is invalid or would not fit in a parameter. */
export function serializeRoutingDocument(doc: RoutingDocument): Result<string, RoutingDocumentError> {
  const checked = validateRoutingDocument(doc);
  if (!checked.ok) return checked;
  const text = JSON.stringify(checked.value);
  const bytes = utf8Bytes(text);
  if (bytes > ROUTING_DOCUMENT_MAX_BYTES) {
    return err({
      code: 'oversize',
      message: `routing document would be ${bytes} bytes; the limit is ${ROUTING_DOCUMENT_MAX_BYTES}`,
      issues: [],
    });
  }
  return ok(text);
}

/** The JSON Schema shipped in docs/ for Java, Go and Python clients. */
export function routingDocumentJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(RoutingDocumentSchema, { target: 'draft-2020-12' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: 'urn:kraft-canary:routing-document:1',
    title: 'kraft-canary routing document',
    ...rest,
    allOf: phaseRulesJsonSchema(),
  };
}

/** The route a client uses when it has never read a valid document: everything on blue. */
export function staticDefaultRoute(migration: string): RoutingDocument {
  return {
    schema: 1,
    migration,
    revision: 0,
    phase: 'idle',
    producers: { greenPercent: 0 },
    consumers: { blue: true, green: false },
    updatedAt: '1970-01-01T00:00:00.000Z',
    updatedBy: 'static-default',
    reason: 'no routing document read yet',
  };
}
