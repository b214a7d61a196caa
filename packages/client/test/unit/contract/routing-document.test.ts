import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { routingSchemaJson } from '../../../../../scripts/write-routing-schema.ts';
import { doc } from '../../../../../test/support/domain-fixtures.ts';
import {
  parseRoutingDocument,
  type RoutingDocument,
  serializeRoutingDocument,
  staticDefaultRoute,
  validateRoutingDocument,
} from '../../../src/contract/routing-document.ts';

const schemaFile = new URL('../../../../../docs/routing-document.schema.json', import.meta.url);
const schemaText = readFileSync(schemaFile, 'utf8');

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validateWithJsonSchema = ajv.compile(JSON.parse(schemaText) as object);

const complete = doc({ phase: 'complete', producers: { greenPercent: 100 }, consumers: { blue: false, green: true } });

/** Documents that break one rule each; both the TypeScript validator and the JSON Schema must reject them. */
const invalidDocuments: { name: string; value: unknown; path: string }[] = [
  { name: 'missing revision', value: { ...doc(), revision: undefined }, path: 'revision' },
  { name: 'negative revision', value: doc({ revision: -1 }), path: 'revision' },
  { name: 'unknown phase', value: { ...doc(), phase: 'paused' }, path: 'phase' },
  { name: 'percentage above 100', value: doc({ producers: { greenPercent: 101 } }), path: 'producers.greenPercent' },
  { name: 'unknown field', value: { ...doc(), extra: true }, path: 'extra' },
  { name: 'migration id with capitals', value: doc({ migration: 'Payments' }), path: 'migration' },
  { name: 'updatedAt not a date', value: doc({ updatedAt: 'yesterday' }), path: 'updatedAt' },
  { name: 'updatedBy not a string', value: { ...doc(), updatedBy: 42 }, path: 'updatedBy' },
  { name: 'updatedBy empty', value: doc({ updatedBy: '' }), path: 'updatedBy' },
  { name: 'reason over 1024 characters', value: doc({ reason: 'é'.repeat(1025) }), path: 'reason' },
  { name: 'empty blue bootstrap', value: doc({ clusters: { blue: '' } }), path: 'clusters.blue' },
  { name: 'clusters not an object', value: { ...doc(), clusters: 'b:9098' }, path: 'clusters' },
  { name: 'consumers.green not a boolean', value: { ...doc(), consumers: { blue: true, green: 'yes' } }, path: 'consumers.green' },
  { name: 'revision above 2^53 - 1', value: doc({ revision: 2 ** 53 }), path: 'revision' },
  { name: 'nothing consumed', value: doc({ phase: 'idle', producers: { greenPercent: 0 }, consumers: { blue: false, green: false } }), path: 'consumers' },
  {
    name: 'idle with traffic on green',
    value: doc({ phase: 'idle', producers: { greenPercent: 20 }, consumers: { blue: true, green: true } }),
    path: 'producers.greenPercent',
  },
  { name: 'canary not reading blue', value: doc({ consumers: { blue: false, green: true } }), path: 'consumers.blue' },
  { name: 'draining below 100', value: doc({ phase: 'draining', producers: { greenPercent: 80 } }), path: 'producers.greenPercent' },
  { name: 'complete still reading blue', value: { ...complete, consumers: { blue: true, green: true } }, path: 'consumers.blue' },
  { name: 'rolled back with traffic on green', value: doc({ phase: 'rolled-back', producers: { greenPercent: 20 } }), path: 'producers.greenPercent' },
];

const validDocuments: { name: string; value: RoutingDocument }[] = [
  { name: 'canary', value: doc() },
  { name: 'complete', value: complete },
  { name: 'rolled back, still reading green', value: doc({ phase: 'rolled-back', producers: { greenPercent: 0 } }) },
  { name: 'static default', value: staticDefaultRoute('payments') },
  { name: 'with clusters and fractional percentage', value: doc({ producers: { greenPercent: 12.5 }, clusters: { blue: 'b:9098' } }) },
];

describe('docs/routing-document.schema.json', () => {
  it('is what npm run schema generates from the contract', () => {
    expect(schemaText).toBe(routingSchemaJson());
  });

  it.each(validDocuments)('accepts a valid document: $name', ({ value }) => {
    expect(validateWithJsonSchema(value)).toBe(true);
    expect(validateRoutingDocument(value).ok).toBe(true);
  });

  it.each(invalidDocuments)('rejects $name, as the TypeScript validator does', ({ value, path }) => {
    // Act
    const jsonSchemaVerdict = validateWithJsonSchema(value);
    const result = validateRoutingDocument(value);
    // Assess
    expect(jsonSchemaVerdict).toBe(false);
    expect(result.ok ? [] : result.error.issues.map((i) => i.path)).toContain(path);
  });
});

describe('parseRoutingDocument', () => {
  it.each([
    { name: 'not text', text: 42 as unknown as string, code: 'malformed-json' },
    { name: 'not JSON', text: '{"schema":', code: 'malformed-json' },
    { name: 'over 4 KB', text: JSON.stringify({ ...doc(), reason: 'é'.repeat(2100) }), code: 'oversize' },
    { name: 'a newer schema', text: JSON.stringify({ ...doc(), schema: 2 }), code: 'unknown-schema' },
    { name: 'invalid fields', text: JSON.stringify({ ...doc(), revision: 'seven' }), code: 'invalid' },
    { name: 'a JSON array', text: '[]', code: 'invalid' },
  ])('refuses $name as $code', ({ text, code }) => {
    const result = parseRoutingDocument(text);
    expect(result.ok ? 'ok' : result.error.code).toBe(code);
    expect(result.ok || result.error.message.length > 0).toBe(true);
  });

  it('summarises the first issue in the message', () => {
    const result = parseRoutingDocument(JSON.stringify({ ...doc(), phase: 'paused' }));
    expect(result.ok ? '' : result.error.message).toMatch(/^invalid routing document: phase: /);
  });

  it('reads back what serializeRoutingDocument wrote', () => {
    const text = serializeRoutingDocument(doc());
    expect(text.ok && parseRoutingDocument(text.value)).toEqual({ ok: true, value: doc() });
  });
});

describe('serializeRoutingDocument', () => {
  it('refuses an invalid document', () => {
    const result = serializeRoutingDocument(doc({ revision: 1.5 }));
    expect(result.ok ? 'ok' : result.error.code).toBe('invalid');
  });

  it('refuses a valid document that would not fit in a parameter', () => {
    const big = doc({ reason: 'r'.repeat(1024), executionArn: 'a'.repeat(2048), clusters: { blue: 'b'.repeat(1024) } });
    const result = serializeRoutingDocument(big);
    expect(result.ok ? 'ok' : result.error.code).toBe('oversize');
  });
});

describe('staticDefaultRoute', () => {
  it('keeps everything on blue', () => {
    expect(staticDefaultRoute('payments')).toMatchObject({
      revision: 0,
      phase: 'idle',
      producers: { greenPercent: 0 },
      consumers: { blue: true, green: false },
    });
  });
});
