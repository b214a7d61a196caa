import { jsonStructureProblem } from './json-structure.ts';
import { PHASES, type Phase, phaseRuleIssues } from './phase-rules.ts';
import { err, type FieldIssue, ok, type Result } from './result.ts';
import {
  ROUTING_DOCUMENT_LIMITS as LIMITS,
  MIGRATION_ID,
  MIGRATION_ID_MESSAGE,
  ROUTING_DOCUMENT_MAX_BYTES,
  ROUTING_DOCUMENT_SCHEMA_VERSION,
  UPDATED_AT,
} from './routing-document-schema.ts';

export interface RoutingDocument {
  schema: 1;
  migration: string;
  revision: number;
  phase: Phase;
  producers: { greenPercent: number };
  consumers: { blue: boolean; green: boolean };
  clusters?: { blue?: string; green?: string };
  updatedAt: string;
  updatedBy: string;
  reason: string;
  executionArn?: string;
}

/**
 * Percentages carry at most two decimals (buckets are 0..9999, one per 0.01 %). The rule is
 * exact in IEEE-754 double arithmetic, so every language gets the same verdict: the value must
 * survive `round(v × 100) / 100` unchanged. The rounding mode does not matter: a value whose
 * `v × 100` ends in exactly .5 fails under both half-up and half-even.
 */
export function isValidGreenPercent(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value <= 100 && Math.round(value * 100) / 100 === value;
}

export const GREEN_PERCENT_MESSAGE = 'must be a number from 0 to 100 with at most two decimal places';

export type RoutingDocumentErrorCode = 'oversize' | 'malformed-json' | 'unknown-schema' | 'invalid';

export interface RoutingDocumentError {
  readonly code: RoutingDocumentErrorCode;
  readonly message: string;
  readonly issues: readonly FieldIssue[];
}

const utf8Bytes = (text: string) => new TextEncoder().encode(text).byteLength;
/** Characters as JSON Schema counts them (code points), not UTF-16 units. */
const codePoints = (text: string) => [...text].length;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

type Check = (value: unknown) => string | null;

const text =
  (min: 0 | 1, max: number, pattern?: { regex: RegExp; message: string }): Check =>
  (value) => {
    if (typeof value !== 'string') return 'must be a string';
    const length = codePoints(value);
    if (length < min) return 'must not be empty';
    if (length > max) return `must have at most ${max} characters`;
    return pattern && !pattern.regex.test(value) ? pattern.message : null;
  };

const flag: Check = (value) => (typeof value === 'boolean' ? null : 'must be true or false');

const FIELDS: Readonly<Record<string, { required: boolean; check: Check }>> = {
  // Any other value is refused before the fields are checked, as unknown-schema.
  schema: { required: true, check: () => null },
  migration: { required: true, check: text(1, 63, { regex: MIGRATION_ID, message: MIGRATION_ID_MESSAGE }) },
  revision: {
    required: true,
    check: (value) => (Number.isSafeInteger(value) && (value as number) >= 0 ? null : 'must be a whole number from 0 to 2^53 - 1'),
  },
  phase: { required: true, check: (value) => (PHASES.includes(value as Phase) ? null : `must be one of ${PHASES.join(', ')}`) },
  producers: { required: true, check: () => null },
  consumers: { required: true, check: () => null },
  clusters: { required: false, check: () => null },
  updatedAt: { required: true, check: text(1, Number.POSITIVE_INFINITY, { regex: UPDATED_AT, message: 'must be an RFC 3339 date-time with a time zone' }) },
  updatedBy: { required: true, check: text(1, LIMITS.updatedBy) },
  reason: { required: true, check: text(0, LIMITS.reason) },
  executionArn: { required: false, check: text(1, LIMITS.executionArn) },
};

/** A closed object's issues: unknown fields, missing required ones, and each present field's check. */
function objectIssues(value: unknown, path: string, fields: Readonly<Record<string, { required: boolean; check: Check }>>): FieldIssue[] {
  const at = (key: string) => (path ? `${path}.${key}` : key);
  if (!isObject(value)) return [{ path: path || '(root)', message: 'must be an object' }];
  const issues: FieldIssue[] = [];
  for (const [key, field] of Object.entries(fields)) {
    if (!(key in value) || value[key] === undefined) {
      if (field.required) issues.push({ path: at(key), message: 'is required' });
      continue;
    }
    const problem = field.check(value[key]);
    if (problem) issues.push({ path: at(key), message: problem });
  }
  for (const key of Object.keys(value)) if (!(key in fields)) issues.push({ path: at(key), message: 'unknown field' });
  return issues;
}

const PRODUCERS = { greenPercent: { required: true, check: (v: unknown) => (isValidGreenPercent(v) ? null : GREEN_PERCENT_MESSAGE) } };
const CONSUMERS = { blue: { required: true, check: flag }, green: { required: true, check: flag } };
const bootstrap = text(1, LIMITS.bootstrap);
const CLUSTERS = { blue: { required: false, check: bootstrap }, green: { required: false, check: bootstrap } };

/** Every field-level issue of a value, in the order of the schema's properties. */
function fieldIssues(value: unknown): FieldIssue[] {
  const issues = objectIssues(value, '', FIELDS);
  if (!isObject(value)) return issues;
  const nested = [
    ['producers', PRODUCERS],
    ['consumers', CONSUMERS],
    ['clusters', CLUSTERS],
  ] as const;
  for (const [key, fields] of nested) if (value[key] !== undefined) issues.push(...objectIssues(value[key], key, fields));
  return issues;
}

function invalid(issues: FieldIssue[]): RoutingDocumentError {
  const first = issues[0] as FieldIssue;
  return { code: 'invalid', message: `invalid routing document: ${first.path}: ${first.message}`, issues };
}

/** Validates an already-parsed value. Never throws. */
export function validateRoutingDocument(value: unknown): Result<RoutingDocument, RoutingDocumentError> {
  if (isObject(value) && 'schema' in value && value.schema !== ROUTING_DOCUMENT_SCHEMA_VERSION) {
    return err({
      code: 'unknown-schema',
      message: `unknown routing document schema ${JSON.stringify(value.schema)}; this client reads schema ${ROUTING_DOCUMENT_SCHEMA_VERSION}`,
      issues: [{ path: 'schema', message: 'unknown schema version' }],
    });
  }
  const issues = fieldIssues(value);
  if (issues.length > 0) return err(invalid(issues));
  const document = value as unknown as RoutingDocument;
  const phase = phaseRuleIssues(document);
  return phase.length > 0 ? err(invalid(phase)) : ok(document);
}

/**
 * Parses the text stored in SSM. Never throws: every failure is a typed error value. The checks
 * run in this order, and the first that fails names the error: more than 4,096 bytes of UTF-8
 * (`oversize`); not JSON, a byte-order mark, a key twice in one object, or nesting deeper than
 * 16 (`malformed-json`); a `schema` other than 1 (`unknown-schema`); any field or phase rule
 * (`invalid`).
 */
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
  const problem = jsonStructureProblem(text);
  if (problem !== null) return err({ code: 'malformed-json', message: `routing document is refused: ${problem}`, issues: [] });
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
