import { readFileSync } from 'node:fs';
import { PHASES, parseRoutingDocument, ROUTING_DOCUMENT_MAX_BYTES } from '@kraft-canary/client/contract';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runPython } from '../../support/python-contract.ts';

/**
 * Four verdicts on the same generated documents must agree: a model built here from the rules
 * of docs/client.md §2 (each generated value knows whether it is valid), the TypeScript
 * client, contrib/python, and the JSON Schema (Ajv) plus the two rules documented to sit
 * outside it (the two-decimal rule and the byte limit).
 */
const CASES = 1_500;
const schema = JSON.parse(readFileSync(new URL('../../../docs/routing-document.schema.json', import.meta.url), 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validateWithSchema = ajv.compile(schema);

/** A generated value and whether the rules allow it. */
interface Gen<T = unknown> {
  readonly value: T;
  readonly ok: boolean;
}
const good = <T>(arb: fc.Arbitrary<T>) => arb.map((value) => ({ value, ok: true }) as Gen<T>);
const bad = <T>(arb: fc.Arbitrary<T>) => arb.map((value) => ({ value, ok: false }) as Gen<T>);
/** Mostly valid values, so that whole documents are valid often enough to compare acceptance too. */
const mostly = <T>(valid: fc.Arbitrary<Gen<T>>, ...others: fc.Arbitrary<Gen<unknown>>[]) =>
  fc.oneof({ weight: 6 * others.length, arbitrary: valid as fc.Arbitrary<Gen<unknown>> }, ...others);
const ABSENT = Symbol('absent');

/** Values of a JSON type the field does not take. */
const notA = (type: 'number' | 'string' | 'boolean') => bad(fc.constantFrom<unknown>(null, true, '1', [], {}, 0).filter((v) => typeof v !== type));
const wrongType = notA('number');
const percent = mostly(
  good(
    fc.oneof(
      fc.constantFrom(0, 100),
      fc.integer({ min: 0, max: 10_000 }).map((n) => n / 100),
    ),
  ),
  fc.integer({ min: 0, max: 100_000 }).map((n) => ({ value: n / 1000, ok: n % 10 === 0 })),
  bad(fc.double({ min: 100.000001, max: 1e6, noNaN: true })),
  bad(fc.double({ min: -1e6, max: -0.000001, noNaN: true })),
  bad(fc.constantFrom(1e-12, 12.3400000000001, 99.99000000000001, 0.005)),
  wrongType,
);
const revision = mostly(
  good(fc.oneof(fc.nat(), fc.constant(Number.MAX_SAFE_INTEGER))),
  bad(fc.integer({ min: -1e6, max: -1 })),
  bad(fc.constantFrom(0.5, 7.25, 2 ** 53, 1e300)),
  wrongType,
);
const migration = mostly(
  good(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,62}$/)),
  bad(fc.constantFrom('', 'Orders', '-x', 'a_b', 'a'.repeat(64), 'ab\n', 'é')),
  notA('string'),
);
const boundedText = (min: number, max: number) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.string({ unit: 'grapheme-composite', minLength: 1, maxLength: 8 }).map((s) => ({ value: s, ok: true }) as Gen) },
    fc.string({ unit: 'grapheme-composite', minLength: 0, maxLength: 8 }).map((s) => ({ value: s, ok: [...s].length >= min }) as Gen),
    fc.integer({ min: max - 2, max: max + 2 }).map((n) => ({ value: 'é'.repeat(n), ok: n >= min && n <= max }) as Gen),
    notA('string'),
  );
const updatedAt = mostly(
  good(
    fc.oneof(
      fc.date({ min: new Date('1970-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString()),
      fc.constantFrom('2024-02-29T00:00:00+07:00', '2026-05-04T02:00:00.1Z'),
    ),
  ),
  bad(fc.constantFrom('2026-02-30T00:00:00Z', '2026-05-04', '2026-05-04T02:00:00', 'yesterday', '2026-05-04T02:00:00Z\n')),
  notA('string'),
);
const flag = mostly(good(fc.boolean()), notA('boolean'));
const optional = <T>(arb: fc.Arbitrary<Gen<T>>) => fc.oneof(good(fc.constant(ABSENT)), arb);

/** The routed fields: for most documents what their phase demands, else anything. */
const ROUTED: Record<string, [number, boolean, boolean]> = {
  idle: [0, true, false],
  canary: [20, true, true],
  draining: [100, true, true],
  complete: [100, false, true],
  'rolled-back': [0, true, true],
};

const documents = fc.record({
  schema: fc.oneof({ weight: 12, arbitrary: good(fc.constant(1)) }, bad(fc.constantFrom<unknown>(2, '1', 0))),
  migration,
  revision,
  phase: fc.oneof({ weight: 8, arbitrary: good(fc.constantFrom(...PHASES)) }, bad(fc.constantFrom('paused', 'Canary'))),
  greenPercent: percent as fc.Arbitrary<Gen>,
  blue: flag,
  green: flag,
  clusters: optional(fc.oneof(good(fc.constant({ blue: 'b-1:9098' })), bad(fc.constantFrom<unknown>({ blue: '' }, { red: 'r:1' }, 'b:1')))),
  updatedAt,
  updatedBy: boundedText(1, 256),
  reason: boundedText(0, 1024),
  executionArn: optional(boundedText(1, 2048)),
  extra: fc.oneof({ weight: 12, arbitrary: good(fc.constant(ABSENT)) }, bad(fc.constant(true))),
});
type Generated = typeof documents extends fc.Arbitrary<infer T> ? T : never;

const consistent = documents.chain((g) =>
  fc.boolean().map((align) => {
    const routed = ROUTED[g.phase.value as string];
    if (!align || routed === undefined) return g;
    const [greenPercent, blue, green] = routed;
    return { ...g, greenPercent: { value: greenPercent, ok: true }, blue: { value: blue, ok: true }, green: { value: green, ok: true } };
  }),
);

const PHASE_TABLE: Record<string, [number | null, boolean | null, boolean | null]> = {
  idle: [0, true, null],
  canary: [null, true, true],
  draining: [100, true, true],
  complete: [100, false, true],
  'rolled-back': [0, true, null],
};

function textOf(g: Generated): string {
  const value: Record<string, unknown> = {
    schema: g.schema.value,
    migration: g.migration.value,
    revision: g.revision.value,
    phase: g.phase.value,
    producers: { greenPercent: g.greenPercent.value },
    consumers: { blue: g.blue.value, green: g.green.value },
    updatedAt: g.updatedAt.value,
    updatedBy: g.updatedBy.value,
    reason: g.reason.value,
  };
  for (const key of ['clusters', 'executionArn', 'extra'] as const) if (g[key].value !== ABSENT) value[key] = g[key].value;
  return JSON.stringify(value);
}

/** The model's verdict: a refusal code, or 'ok'. */
function modelVerdict(g: Generated, text: string): string {
  if (Buffer.byteLength(text, 'utf8') > ROUTING_DOCUMENT_MAX_BYTES) return 'oversize';
  if (!g.schema.ok) return 'unknown-schema';
  const fieldsOk = Object.values(g).every((gen) => gen.ok);
  if (!fieldsOk) return 'invalid';
  const [percentRule, blueRule, greenRule] = PHASE_TABLE[g.phase.value as string] as [number | null, boolean | null, boolean | null];
  const broken =
    (!g.blue.value && !g.green.value) ||
    (percentRule !== null && g.greenPercent.value !== percentRule) ||
    (blueRule !== null && g.blue.value !== blueRule) ||
    (greenRule !== null && g.green.value !== greenRule);
  return broken ? 'invalid' : 'ok';
}

describe(`${CASES} generated routing documents`, () => {
  it('get the same verdict from the model, the client, contrib/python and the JSON Schema', () => {
    // Prepare
    const generated = fc.sample(consistent, { numRuns: CASES, seed: 20_261_204 });
    const texts = generated.map(textOf);
    // Act
    const model = generated.map((g, i) => modelVerdict(g, texts[i] as string));
    const client = texts.map((text) => {
      const parsed = parseRoutingDocument(text);
      return parsed.ok ? 'ok' : parsed.error.code;
    });
    const python = runPython(
      [
        '-c',
        'import json,sys; sys.path.insert(0,"contrib/python"); import kraft_canary_routing as k\n' +
          'def v(t):\n try:\n  k.parse_document(t); return "ok"\n except k.Refused as r:\n  return r.code\n' +
          'print(json.dumps([v(t) for t in json.load(sys.stdin)]))',
      ],
      JSON.stringify(texts),
    );
    const pythonVerdicts = JSON.parse(python.stdout) as string[];
    // The schema has no byte limit and no two-decimal rule: those are the documented gaps.
    const schemaAgrees = texts.map((text, i) => {
      const inSchema = validateWithSchema(JSON.parse(text));
      const outside = client[i] === 'oversize' || (generated[i] as Generated).greenPercent.ok === false;
      return outside || inSchema === (client[i] === 'ok');
    });
    // Assess
    const disagreements = texts.flatMap((text, i) =>
      model[i] === client[i] && client[i] === pythonVerdicts[i] && schemaAgrees[i]
        ? []
        : [
            {
              text,
              model: model[i],
              modelRefused: Object.entries(generated[i] as Generated).flatMap(([key, gen]) => (gen.ok ? [] : [key])),
              client: client[i],
              python: pythonVerdicts[i],
              schemaAgrees: schemaAgrees[i],
            },
          ],
    );
    expect(disagreements).toEqual([]);
    expect(new Set(client)).toEqual(new Set(['ok', 'invalid', 'unknown-schema', 'oversize']));
    expect(client.filter((v) => v === 'ok').length).toBeGreaterThan(CASES / 20);
  });
});
