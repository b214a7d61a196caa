import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Plan } from '../../../src/domain/plan.ts';
import type { ReadinessPorts } from '../../../src/readiness/readiness-ports.ts';
import { importOrder } from '../../../src/readiness/schema-import-action.ts';
import { checkSchemaRegistries } from '../../../src/readiness/schema-registry-parity.ts';
import { httpSchemaRegistry } from '../../../src/schema-registry/http-schema-registry.ts';
import { FakeSchemaRegistry } from '../../support/fakes/fake-schema-registry.ts';
import { readinessWorld } from '../../support/readiness-world.ts';
import { BLUE_ARN, GREEN_ARN } from '../../support/rollout-fixtures.ts';

const avro = (name: string, field = 'id') => JSON.stringify({ type: 'record', name, fields: [{ name: field, type: 'string' }] });

interface Registries {
  blue: FakeSchemaRegistry;
  green: FakeSchemaRegistry;
  plan: Plan;
  ports: ReadinessPorts;
}

async function registries(green = new FakeSchemaRegistry()): Promise<Registries> {
  const blue = new FakeSchemaRegistry();
  const [blueUrl, greenUrl] = await Promise.all([blue.start(), green.start()]);
  const w = readinessWorld({
    clusters: {
      blue: { arn: BLUE_ARN, bootstrap: 'b-1.blue:9098', schemaRegistry: blueUrl },
      green: { arn: GREEN_ARN, bootstrap: 'b-1.green:9098', schemaRegistry: greenUrl },
    },
  });
  const ports: ReadinessPorts = {
    ...w.ports,
    blue: { ...w.ports.blue, registry: httpSchemaRegistry({ url: blueUrl }) },
    green: { ...w.ports.green, registry: httpSchemaRegistry({ url: greenUrl }) },
  };
  return { blue, green, plan: w.plan, ports };
}

/** Blue as the runbook left it: two subjects, ids not in version order, a subject-level level. */
function seedBlue(blue: FakeSchemaRegistry): void {
  blue.add('orders-value', 1, 3, avro('Order')).add('orders-value', 2, 8, avro('Order', 'key'));
  blue.add('payments-value', 1, 5, avro('Payment'));
  blue.compatibility.set('orders-value', 'FULL');
}

describe('checkSchemaRegistries', () => {
  let r: Registries;
  afterEach(async () => {
    await Promise.all([r.blue.stop(), r.green.stop()]);
  });

  describe('with two registries', () => {
    beforeEach(async () => {
      r = await registries();
      seedBlue(r.blue);
    });

    it('is ok when subjects, versions, ids and levels match', async () => {
      // Prepare
      seedBlue(r.green);

      // Act
      const outcome = await checkSchemaRegistries(r.ports, r.plan);

      // Assess
      expect(outcome.rows).toEqual([{ check: 'schemas', status: 'ok', details: 'blue 2 subjects / 3 versions; green 2 subjects / 3 versions' }]);
      expect(outcome.actions).toEqual([]);
    });

    it('warns about compatibility levels that differ', async () => {
      // Prepare
      seedBlue(r.green);
      r.green.compatibility.delete('orders-value');
      r.green.globalCompatibility = 'NONE';

      // Act
      const outcome = await checkSchemaRegistries(r.ports, r.plan);

      // Assess
      expect(outcome.rows.map((x) => `${x.check} ${x.status}: ${x.details}`)).toEqual([
        'schemas ok: blue 2 subjects / 3 versions; green 2 subjects / 3 versions',
        'schemas/compatibility warn: global compatibility: blue BACKWARD, green NONE',
        'schemas/orders-value warn: compatibility: blue FULL, green inherits global',
      ]);
    });

    it('fails per subject on missing subjects and versions, and loudly on schema ids that differ', async () => {
      // Prepare
      r.green.add('orders-value', 1, 1, avro('Order'));

      // Act
      const outcome = await checkSchemaRegistries(r.ports, r.plan);

      // Assess
      expect(outcome.rows.filter((x) => x.status === 'fail').map((x) => `${x.check}: ${x.details}`)).toEqual([
        'schemas: blue 2 subjects / 3 versions; green 1 subjects / 1 versions',
        expect.stringMatching(/^schemas\/ids: SCHEMA IDS DIFFER for 1 version: every message carries blue's schema id/),
        'schemas/orders-value: SCHEMA ID DIFFERS: v1 is id 3 on blue, id 1 on green',
        'schemas/orders-value: versions missing on green: v2 (id 8)',
        'schemas/payments-value: missing on green: v1 (id 5)',
      ]);
    });

    it('fails when an id blue needs is taken on green by another schema', async () => {
      // Prepare
      r.green.add('other-value', 1, 5, avro('Other'));

      // Act
      const outcome = await checkSchemaRegistries(r.ports, r.plan);

      // Assess
      expect(outcome.rows).toContainEqual({
        check: 'schemas/payments-value',
        status: 'fail',
        details: 'v1 cannot be imported: id 5 is taken on green by other-value v1 with another schema',
      });
      expect(outcome.actions.map((a) => a.description).join('\n')).not.toContain('payments-value');
    });

    it('sync copies subjects and versions in IMPORT mode with their ids, restores modes, writes only green, and is idempotent', async () => {
      // Prepare
      r.green.add('orders-value', 1, 3, avro('Order'));

      // Act
      const first = await checkSchemaRegistries(r.ports, r.plan);
      for (const action of first.actions) await action.run();
      const writesAfterFirst = r.green.writes().length;
      const second = await checkSchemaRegistries(r.ports, r.plan);
      for (const action of second.actions) await action.run();

      // Assess
      expect(first.actions.map((a) => a.description)).toEqual([
        "import payments-value v1 (id 5) into green's registry in IMPORT mode, keeping versions and schema ids",
        "import orders-value v2 (id 8) into green's registry in IMPORT mode, keeping versions and schema ids",
        "set compatibility of orders-value on green's registry to FULL",
      ]);
      expect(r.green.schemas.map((s) => [s.subject, s.version, s.id])).toEqual([
        ['orders-value', 1, 3],
        ['payments-value', 1, 5],
        ['orders-value', 2, 8],
      ]);
      expect(r.green.requests.filter((q) => q.path.startsWith('/mode/orders-value') && q.method === 'PUT').map((q) => q.path)).toEqual([
        '/mode/orders-value?force=true',
      ]);
      expect(r.green.modes.size).toBe(0);
      expect(second.rows).toEqual([{ check: 'schemas', status: 'ok', details: 'blue 2 subjects / 3 versions; green 2 subjects / 3 versions' }]);
      expect(second.actions).toEqual([]);
      expect(r.green.writes()).toHaveLength(writesAfterFirst);
      expect(r.blue.writes()).toEqual([]);
    });
  });

  it('sync reports a registry that refuses IMPORT mode and copies nothing without ids', async () => {
    // Prepare
    r = await registries(new FakeSchemaRegistry({ refuseModeChanges: true }));
    seedBlue(r.blue);

    // Act
    const outcome = await checkSchemaRegistries(r.ports, r.plan);
    const failures = await Promise.all(outcome.actions.filter((a) => a.description.startsWith('import')).map((a) => a.run().catch((e: unknown) => e)));

    // Assess
    expect(failures.every((f) => f instanceof Error && f.name === 'SchemaRegistryHttpError')).toBe(true);
    expect(outcome.actions[0]?.failureHint).toMatch(/schema ids are preserved only in the registry's IMPORT mode/);
    expect(r.green.schemas).toEqual([]);
  });

  it.each([
    ['no registry', undefined, undefined, 'ok', 'no schema registry named in the plan'],
    ['one shared registry', 'https://sr.example.com/', 'https://sr.example.com', 'ok', 'blue and green share one schema registry: nothing to copy'],
    ['only blue', 'https://sr.example.com', undefined, 'warn', 'only blue names a schema registry'],
  ])('with %s it is %s without calling a registry', async (_name, blueUrl, greenUrl, status, details) => {
    // Prepare
    const w = readinessWorld({
      clusters: {
        blue: { arn: BLUE_ARN, bootstrap: 'b', ...(blueUrl ? { schemaRegistry: blueUrl } : {}) },
        green: { arn: GREEN_ARN, bootstrap: 'g', ...(greenUrl ? { schemaRegistry: greenUrl } : {}) },
      },
    });
    r = await registries();

    // Act
    const outcome = await checkSchemaRegistries(w.ports, w.plan);

    // Assess
    expect(outcome.rows).toEqual([{ check: 'schemas', status, details: expect.stringContaining(details) }]);
  });

  it('fails when a registry cannot be read', async () => {
    // Prepare
    r = await registries();
    const ports: ReadinessPorts = { ...r.ports, blue: { ...r.ports.blue, registry: httpSchemaRegistry({ url: 'http://127.0.0.1:1' }) } };

    // Act
    const outcome = await checkSchemaRegistries(ports, r.plan);

    // Assess
    expect(outcome.rows).toEqual([
      { check: 'schemas', status: 'fail', details: expect.stringContaining("blue's schema registry cannot be read: SchemaRegistryUnreachableError") },
    ]);
  });
});

describe('importOrder', () => {
  it('orders by schema id so that referenced schemas come first, grouping runs of one subject', () => {
    // Prepare
    const s = (subject: string, version: number, id: number) => ({ subject, version, id, schema: '', schemaType: 'AVRO', references: [] });

    // Act
    const runs = importOrder([s('a', 2, 9), s('b', 1, 4), s('a', 1, 1), s('b', 2, 5)]);

    // Assess
    expect(runs.map((run) => run.map((x) => `${x.subject}${x.version}`))).toEqual([['a1'], ['b1', 'b2'], ['a2']]);
  });
});
