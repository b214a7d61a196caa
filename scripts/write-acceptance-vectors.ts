/**
 * Writes docs/acceptance-vectors.json: what a client does with a text it read, given the
 * document in force, for every rule of docs/client.md §2. The expected verdicts come from the
 * client's own judgeRoutingText; tests check that the file is what this script writes, that
 * the TypeScript client and contrib/python agree with every vector.
 * Run: node scripts/write-acceptance-vectors.ts
 */
import { writeFileSync } from 'node:fs';
import {
  type Cluster,
  consumeFrom,
  judgeRoutingText,
  PHASES,
  type Phase,
  type RoutingDocument,
  routeProducer,
  staticDefaultRoute,
} from '@kraft-canary/client/contract';

export const MIGRATION = 'orders-move';
export const UNITS = ['i-1', 'ip-10-0-12-34.internal', 'payments-api-7d9f8c6b5-x2k4q'] as const;

export interface AcceptanceVector {
  readonly name: string;
  /** The document in force before the read; null: the client runs on its static default. */
  readonly inForce: RoutingDocument | null;
  /** The text read; null: the parameter does not exist. */
  readonly text: string | null;
  readonly expect: {
    readonly verdict: 'accepted' | 'confirmation' | 'refused';
    readonly code?: string;
    /** The route in force after the read. */
    readonly route: {
      readonly revision: number;
      readonly phase: Phase;
      readonly greenPercent: number;
      readonly consume: Cluster[];
      /** Where each of UNITS sends, in order. */
      readonly producers: Cluster[];
    };
  };
}

const GREEN: Readonly<Record<Phase, { greenPercent: number; blue: boolean; green: boolean }>> = {
  idle: { greenPercent: 0, blue: true, green: false },
  canary: { greenPercent: 20, blue: true, green: true },
  draining: { greenPercent: 100, blue: true, green: true },
  complete: { greenPercent: 100, blue: false, green: true },
  'rolled-back': { greenPercent: 0, blue: true, green: true },
};

export function doc(phase: Phase, revision: number, greenPercent?: number, extra: Partial<RoutingDocument> = {}): RoutingDocument {
  const rule = GREEN[phase];
  return {
    schema: 1,
    migration: MIGRATION,
    revision,
    phase,
    producers: { greenPercent: greenPercent ?? rule.greenPercent },
    consumers: { blue: rule.blue, green: rule.green },
    updatedAt: '2026-05-04T02:00:00.000Z',
    updatedBy: 'rollout',
    reason: `stage at ${greenPercent ?? rule.greenPercent} %`,
    ...extra,
  };
}

const json = (value: unknown) => JSON.stringify(value);
/** A document's text with one field replaced by raw JSON (any value, valid or not). */
const withRaw = (base: RoutingDocument, path: string, raw: string | undefined): string => {
  const [head, tail] = path.split('.') as [string, string | undefined];
  const copy = JSON.parse(json(base)) as Record<string, Record<string, unknown>>;
  const marker = '"__RAW__"';
  if (tail === undefined) {
    if (raw === undefined) delete copy[head];
    else (copy as Record<string, unknown>)[head] = '__RAW__';
  } else if (raw === undefined) delete (copy[head] as Record<string, unknown>)[tail];
  else (copy[head] as Record<string, unknown>)[tail] = '__RAW__';
  return raw === undefined ? json(copy) : json(copy).replace(marker, raw);
};

interface Case {
  name: string;
  inForce: RoutingDocument | null;
  text: string | null;
}

/** The route a vector expects after the read: the document in force, and where each unit sends. */
export function routeOf(after: RoutingDocument): AcceptanceVector['expect']['route'] {
  return {
    revision: after.revision,
    phase: after.phase,
    greenPercent: after.producers.greenPercent,
    consume: consumeFrom(after),
    producers: UNITS.map((unit) => routeProducer(after, unit)),
  };
}

function vector({ name, inForce, text }: Case): AcceptanceVector {
  const judgement = judgeRoutingText(text, MIGRATION, inForce);
  const after = judgement.kind === 'accept' ? judgement.document : (inForce ?? staticDefaultRoute(MIGRATION));
  const verdict = judgement.kind === 'accept' ? 'accepted' : judgement.kind === 'unchanged' ? 'confirmation' : 'refused';
  return {
    name,
    inForce,
    text,
    expect: {
      verdict,
      ...(judgement.kind === 'reject' ? { code: judgement.code } : {}),
      route: routeOf(after),
    },
  };
}

const PERCENTS = [0, 0.01, 0.07, 1.15, 12.5, 20, 33.33, 50, 66.67, 99.99, 100];

function validDocuments(): Case[] {
  const cases: Case[] = [];
  for (const phase of PHASES) {
    const percents = phase === 'canary' ? PERCENTS : [GREEN[phase].greenPercent];
    for (const percent of percents) {
      for (const inForce of [null, doc('idle', 0), doc('canary', 3, 10), doc('rolled-back', 4), doc('draining', 4)]) {
        cases.push({
          name: `${phase} at ${percent} % over ${inForce ? `${inForce.phase} at revision ${inForce.revision}` : 'the static default'}`,
          inForce,
          text: json(doc(phase, 5, percent)),
        });
      }
    }
  }
  cases.push({ name: 'a first document at revision 0 replaces the static default', inForce: null, text: json(doc('idle', 0)) });
  cases.push({ name: 'a canary at revision 0 replaces the static default', inForce: null, text: json(doc('canary', 0, 20)) });
  return cases;
}

function numbers(): Case[] {
  const base = doc('canary', 5, 20);
  const raws = [
    '1e-12',
    '12.3400000000001',
    '99.99000000000001',
    '0.07',
    '1.15',
    '0.005',
    '0.015',
    '12.345',
    '100.0000000000000001',
    '1e-400',
    '-0',
    '-0.0',
    '0.0',
    '20.0',
    '2e1',
    '100.01',
    '-0.01',
    '101',
    '1e400',
    '-1e400',
    '"20"',
    'true',
    'null',
    '[20]',
    '{}',
    '33.33',
    '33.330',
    '3333e-2',
  ];
  const cases = raws.map((raw) => ({ name: `greenPercent ${raw}`, inForce: null, text: withRaw(base, 'producers.greenPercent', raw) }));
  const revisions = ['0', '7', '7.0', '7e0', '7.5', '-1', '"7"', 'true', '9007199254740991', '9007199254740992', '9007199254740993', '1e400', 'null'];
  for (const raw of revisions) cases.push({ name: `revision ${raw}`, inForce: null, text: withRaw(base, 'revision', raw) });
  for (const raw of ['1', '1.0', '2', '"1"', 'true', '0', 'null']) cases.push({ name: `schema ${raw}`, inForce: null, text: withRaw(base, 'schema', raw) });
  return cases;
}

function wrongTypes(): Case[] {
  const base = doc('canary', 5, 20, { clusters: { blue: 'b-1:9098', green: 'g-1:9098' }, executionArn: 'arn:aws:states:eu-west-1:1:execution:x:y' });
  const paths = [
    'migration',
    'revision',
    'phase',
    'producers',
    'producers.greenPercent',
    'consumers',
    'consumers.blue',
    'consumers.green',
    'clusters',
    'clusters.blue',
    'updatedAt',
    'updatedBy',
    'reason',
    'executionArn',
  ];
  const values = ['null', 'true', '0', '""', '[]', '{}'];
  return paths.flatMap((path) => values.map((raw) => ({ name: `${path} set to ${raw}`, inForce: null, text: withRaw(base, path, raw) })));
}

function routes(): Case[] {
  const cases: Case[] = [];
  for (let percent = 0; percent <= 100; percent += 5)
    cases.push({ name: `routes at ${percent} %`, inForce: null, text: json(doc(percent === 100 ? 'draining' : 'canary', 5, percent)) });
  for (const percent of [0.01, 1, 10.5, 25.25, 49.99, 50.01, 74.75, 89.99, 99, 99.5])
    cases.push({ name: `routes at ${percent} %`, inForce: null, text: json(doc('canary', 5, percent)) });
  return cases;
}

function fields(): Case[] {
  const base = doc('canary', 5, 20, { clusters: { blue: 'b-1:9098', green: 'g-1:9098' }, executionArn: 'arn:aws:states:eu-west-1:1:execution:x:y' });
  const cases: Case[] = [];
  const required = ['schema', 'migration', 'revision', 'phase', 'producers', 'consumers', 'updatedAt', 'updatedBy', 'reason'];
  for (const field of required) cases.push({ name: `without ${field}`, inForce: null, text: withRaw(base, field, undefined) });
  for (const field of ['clusters', 'executionArn', 'clusters.blue', 'clusters.green']) {
    cases.push({ name: `without optional ${field}`, inForce: null, text: withRaw(base, field, undefined) });
  }
  for (const field of ['producers.greenPercent', 'consumers.blue', 'consumers.green'])
    cases.push({ name: `without ${field}`, inForce: null, text: withRaw(base, field, undefined) });
  const wrong: [string, string][] = [
    ['migration', '"Orders"'],
    ['migration', '"-orders"'],
    ['migration', '"orders_move"'],
    ['migration', '""'],
    ['migration', json('a'.repeat(64))],
    ['migration', '"orders-move\\n"'],
    ['migration', '42'],
    ['phase', '"paused"'],
    ['phase', '"Canary"'],
    ['phase', '1'],
    ['producers', '[]'],
    ['producers', '"20"'],
    ['consumers', 'null'],
    ['consumers.blue', '"true"'],
    ['consumers.green', '1'],
    ['clusters', '"b:9098"'],
    ['clusters.blue', '""'],
    ['clusters.green', json('g'.repeat(1025))],
    ['clusters.green', json('g'.repeat(1024))],
    ['updatedAt', '"2026-05-04T02:00:00Z"'],
    ['updatedAt', '"2026-05-04T02:00:00.123456789+07:00"'],
    ['updatedAt', '"2026-05-04"'],
    ['updatedAt', '"2026-02-30T02:00:00Z"'],
    ['updatedAt', '"2024-02-29T02:00:00Z"'],
    ['updatedAt', '"2026-05-04 02:00:00Z"'],
    ['updatedAt', '"2026-05-04T02:00:00"'],
    ['updatedAt', '"２０２６-05-04T02:00:00Z"'],
    ['updatedAt', '"2026-05-04T02:00:00Z\\n"'],
    ['updatedBy', '""'],
    ['updatedBy', json('é'.repeat(256))],
    ['updatedBy', json('é'.repeat(257))],
    ['updatedBy', json('🙂'.repeat(256))],
    ['updatedBy', '7'],
    ['reason', '""'],
    ['reason', json('r'.repeat(1025))],
    ['reason', '"\\ud800 lone surrogate"'],
    ['executionArn', '""'],
    ['executionArn', 'null'],
  ];
  for (const [field, raw] of wrong)
    cases.push({ name: `${field} ${raw.length > 40 ? `${raw.slice(0, 20)}… (${raw.length} chars)` : raw}`, inForce: null, text: withRaw(base, field, raw) });
  const unknown: [string, string][] = [
    ['extra', 'true'],
    ['producers.extra', '1'],
    ['consumers.extra', 'false'],
    ['clusters.extra', '"x"'],
  ];
  for (const [field, raw] of unknown) cases.push({ name: `unknown field ${field}`, inForce: null, text: withRaw(base, field, raw) });
  return cases;
}

function phases(): Case[] {
  const cases: Case[] = [];
  for (const phase of PHASES) {
    for (const greenPercent of [0, 20, 100]) {
      for (const [blue, green] of [
        [true, true],
        [true, false],
        [false, true],
        [false, false],
      ] as const) {
        const text = json({ ...doc(phase, 5), producers: { greenPercent }, consumers: { blue, green } });
        cases.push({ name: `${phase} with ${greenPercent} % consuming blue=${blue} green=${green}`, inForce: null, text });
      }
    }
  }
  return cases;
}

function texts(): Case[] {
  const text = json(doc('canary', 5, 20));
  // Fills the long optional fields, each within its own character limit, up to `bytes` of UTF-8.
  const padded = (bytes: number, filler: string) => {
    const limits = { executionArn: 2048, reason: 1024, blue: 1024, green: 1024 };
    const text = (fields: Record<keyof typeof limits, string>) =>
      json({ ...doc('canary', 5, 20), reason: fields.reason, executionArn: fields.executionArn, clusters: { blue: fields.blue, green: fields.green } });
    const fields = { executionArn: 'a', reason: '', blue: 'b', green: 'g' };
    let room = bytes - Buffer.byteLength(text(fields), 'utf8');
    const unit = Buffer.byteLength(filler, 'utf8');
    for (const key of Object.keys(limits) as (keyof typeof limits)[]) {
      const add = Math.min(Math.floor(room / unit), limits[key] - fields[key].length);
      fields[key] += filler.repeat(add);
      room -= add * unit;
    }
    fields.reason = fields.reason.slice(0, fields.reason.length - room) + 'r'.repeat(room);
    return text(fields);
  };
  const nested = (depth: number) => text.replace('"reason":"stage at 20 %"', `"reason":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}`);
  return [
    { name: 'the parameter does not exist', inForce: null, text: null },
    { name: 'the parameter does not exist, a document in force', inForce: doc('canary', 3, 10), text: null },
    { name: 'empty text', inForce: null, text: '' },
    { name: 'whitespace only', inForce: null, text: '   ' },
    { name: 'surrounding whitespace', inForce: null, text: `\n ${text} \t` },
    { name: 'pretty-printed', inForce: null, text: JSON.stringify(doc('canary', 5, 20), null, 2) },
    { name: 'a byte-order mark before the document', inForce: null, text: `\uFEFF${text}` },
    { name: 'not JSON', inForce: null, text: '{"schema":' },
    { name: 'a trailing comma', inForce: null, text: text.replace(/}$/, ',}') },
    { name: 'single quotes', inForce: null, text: text.replaceAll('"', "'") },
    { name: 'NaN', inForce: null, text: withRaw(doc('canary', 5, 20), 'producers.greenPercent', 'NaN') },
    { name: 'Infinity', inForce: null, text: withRaw(doc('canary', 5, 20), 'revision', 'Infinity') },
    { name: 'a JSON array', inForce: null, text: '[]' },
    { name: 'a JSON number', inForce: null, text: '42' },
    { name: 'a JSON string', inForce: null, text: '"canary"' },
    { name: 'JSON null', inForce: null, text: 'null' },
    { name: 'JSON true', inForce: null, text: 'true' },
    { name: 'an empty object', inForce: null, text: '{}' },
    { name: 'a key twice', inForce: null, text: text.replace('"phase":"canary"', '"phase":"idle","phase":"canary"') },
    { name: 'a key twice, once escaped', inForce: null, text: text.replace('"phase":"canary"', '"phase":"idle","\\u0070hase":"canary"') },
    { name: 'a nested key twice', inForce: null, text: text.replace('"blue":true', '"blue":false,"blue":true') },
    { name: 'the same key in two objects', inForce: null, text: text.replace('"consumers":{', '"consumers":{ ') },
    { name: 'nesting 16 deep', inForce: null, text: nested(16) },
    { name: 'nesting 17 deep', inForce: null, text: nested(17) },
    { name: 'exactly 4096 bytes (ASCII)', inForce: null, text: padded(4096, 'r') },
    { name: 'exactly 4096 bytes (two-byte characters)', inForce: null, text: padded(4096, 'é') },
    { name: '4097 bytes', inForce: null, text: padded(4097, 'r') },
    { name: '4097 bytes of four-byte characters', inForce: null, text: padded(4097, '🙂') },
    { name: 'over 4096 bytes and not JSON', inForce: null, text: `{${'x'.repeat(5000)}` },
    { name: 'over 4096 bytes and schema 2', inForce: null, text: json({ ...doc('canary', 5, 20), schema: 2, reason: 'r'.repeat(5000) }) },
    { name: 'schema 2 and invalid otherwise', inForce: null, text: json({ schema: 2, phase: 'paused' }) },
    { name: 'invalid and for another migration', inForce: null, text: json({ ...doc('canary', 5, 20), migration: 'other', phase: 'paused' }) },
  ];
}

function revisions(): Case[] {
  const inForce = doc('canary', 5, 20);
  const cases: Case[] = [
    { name: 'another migration', inForce, text: json({ ...doc('canary', 9, 50), migration: 'payments-move' }) },
    { name: 'another migration over the static default', inForce: null, text: json({ ...doc('canary', 9, 50), migration: 'payments-move' }) },
    { name: 'an older revision', inForce, text: json(doc('canary', 4, 10)) },
    { name: 'an older rolled-back revision', inForce, text: json(doc('rolled-back', 4)) },
    { name: 'the same document', inForce, text: json(inForce) },
    { name: 'the same document, keys in another order', inForce, text: json(Object.fromEntries(Object.entries(inForce).reverse())) },
    { name: 'the same document, 20.0 for 20', inForce, text: json(inForce).replace('"greenPercent":20', '"greenPercent":20.0') },
    { name: 'the same document, whitespace', inForce, text: JSON.stringify(inForce, null, 1) },
    { name: 'the same revision, another reason', inForce, text: json({ ...inForce, reason: 'other' }) },
    { name: 'the same revision, another percentage', inForce, text: json(doc('canary', 5, 50)) },
    { name: 'the same revision, an optional field added', inForce, text: json({ ...inForce, executionArn: 'arn:x' }) },
    { name: 'the same revision rolled back: rollback wins', inForce, text: json(doc('rolled-back', 5)) },
    { name: 'the same revision, canary over rolled back', inForce: doc('rolled-back', 5), text: json(doc('canary', 5, 20)) },
    { name: 'the same revision, another rolled back', inForce: doc('rolled-back', 5), text: json(doc('rolled-back', 5, 0, { reason: 'other' })) },
    { name: 'a higher revision', inForce, text: json(doc('canary', 6, 50)) },
    { name: 'a much higher revision', inForce, text: json(doc('canary', 9_007_199_254_740_991, 50)) },
    { name: 'a higher revision, lower percentage (step back)', inForce, text: json(doc('canary', 6, 10)) },
    { name: 'a higher idle', inForce, text: json(doc('idle', 6)) },
    { name: 'the same document, 2e1 for 20', inForce, text: json(inForce).replace('"greenPercent":20', '"greenPercent":2e1') },
    { name: 'the same document, revision 5.0', inForce, text: json(inForce).replace('"revision":5', '"revision":5.0') },
    { name: 'the same document, an escaped character', inForce, text: json(inForce).replace('"updatedBy":"rollout"', '"updatedBy":"\\u0072ollout"') },
    { name: 'same -0 as 0', inForce: doc('idle', 5), text: json(doc('idle', 5)).replace('"greenPercent":0', '"greenPercent":-0') },
  ];
  const complete = doc('complete', 10);
  for (const phase of PHASES) {
    for (const revision of [9, 10, 11]) {
      cases.push({
        name: `${phase} at revision ${revision} after complete at 10`,
        inForce: complete,
        text: json(doc(phase, revision, undefined, { reason: 'next' })),
      });
    }
  }
  for (const from of PHASES) {
    for (const to of PHASES) {
      cases.push({ name: `${to} at a higher revision over ${from}`, inForce: doc(from, 7), text: json(doc(to, 8)) });
      cases.push({ name: `${to} at a lower revision over ${from}`, inForce: doc(from, 7), text: json(doc(to, 6)) });
      cases.push({ name: `${to} at the same revision over ${from}`, inForce: doc(from, 7), text: json(doc(to, 7, undefined, { reason: 'raced' })) });
    }
  }
  return cases;
}

export function acceptanceVectors(): AcceptanceVector[] {
  return [...validDocuments(), ...numbers(), ...fields(), ...wrongTypes(), ...routes(), ...phases(), ...texts(), ...revisions()].map(vector);
}

export function acceptanceVectorsJson(): string {
  const file = {
    description:
      'kraft-canary routing document acceptance (docs/client.md §2). For each case: the document in force (null: the static ' +
      'default), the text read (null: the parameter does not exist), and what a client must do: accepted, confirmation or ' +
      'refused with its code, and the route in force afterwards (producers: where each of `units` sends).',
    migration: MIGRATION,
    units: UNITS,
    cases: acceptanceVectors(),
  };
  return `${JSON.stringify(file, null, 1)}\n`;
}

if (import.meta.main) {
  writeFileSync(new URL('../docs/acceptance-vectors.json', import.meta.url), acceptanceVectorsJson());
  process.stdout.write(`wrote docs/acceptance-vectors.json (${acceptanceVectors().length} cases)\n`);
}
