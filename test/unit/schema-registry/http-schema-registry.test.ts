import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { httpSchemaRegistry } from '../../../src/schema-registry/http-schema-registry.ts';
import { FakeSchemaRegistry } from '../../support/fakes/fake-schema-registry.ts';

const ORDER_V1 = '{"type":"record","name":"Order","fields":[{"name":"id","type":"string"}]}';

describe('httpSchemaRegistry', () => {
  let server: FakeSchemaRegistry;
  let url: string;

  beforeEach(async () => {
    server = new FakeSchemaRegistry({ basicAuth: 'reader:s3cret' });
    url = await server.start();
  });
  afterEach(() => server.stop());

  it('reads subjects, versions, schemas and levels with basic auth', async () => {
    // Prepare
    server.add('orders-value', 1, 7, ORDER_V1).add('orders-value', 2, 9, ORDER_V1.replace('id', 'key'), 'JSON');
    server.compatibility.set('orders-value', 'FULL');
    const registry = httpSchemaRegistry({ url, credentials: { username: 'reader', password: 's3cret' } });

    // Act
    const [subjects, versions, second, level, global, mode] = await Promise.all([
      registry.subjects(),
      registry.versions('orders-value'),
      registry.schema('orders-value', 2),
      registry.compatibility('orders-value'),
      registry.compatibility(),
      registry.mode('orders-value'),
    ]);

    // Assess
    expect(subjects).toEqual(['orders-value']);
    expect(versions).toEqual([1, 2]);
    expect(second).toMatchObject({ subject: 'orders-value', version: 2, id: 9, schemaType: 'JSON', references: [] });
    expect([level, global, mode]).toEqual(['FULL', 'BACKWARD', null]);
  });

  it('takes basic auth from user info in the URL and never sends it in the URL', async () => {
    // Prepare
    const withUser = url.replace('http://', 'http://reader:s3cret@');

    // Act
    const subjects = await httpSchemaRegistry({ url: withUser }).subjects();

    // Assess
    expect(subjects).toEqual([]);
  });

  it('reports a refused login as an HTTP error without the credentials', async () => {
    // Act
    const failure = await httpSchemaRegistry({ url, credentials: { username: 'reader', password: 'wrong' } })
      .subjects()
      .catch((e: unknown) => e as Error);

    // Assess
    expect(failure).toMatchObject({ name: 'SchemaRegistryHttpError', status: 401 });
    expect(String((failure as Error).message)).not.toContain('wrong');
  });

  it('imports with id and version in IMPORT mode and restores the subject mode', async () => {
    // Prepare
    const open = new FakeSchemaRegistry();
    const registry = httpSchemaRegistry({ url: await open.start() });

    // Act
    await registry.setMode('IMPORT', 'orders-value');
    await registry.importSchema({ subject: 'orders-value', version: 3, id: 41, schema: ORDER_V1, schemaType: 'AVRO', references: [] });
    await registry.clearMode('orders-value');
    await open.stop();

    // Assess
    expect(open.schemas).toEqual([{ subject: 'orders-value', version: 3, id: 41, schema: ORDER_V1, schemaType: 'AVRO', references: [] }]);
    expect(open.modes.size).toBe(0);
    const post = open.requests.find((r) => r.method === 'POST');
    expect(post?.body).toEqual({ schema: ORDER_V1, id: 41, version: 3 });
  });

  it('falls back to READWRITE where DELETE /mode is not supported', async () => {
    // Prepare
    const old = new FakeSchemaRegistry({ noDeleteMode: true });
    const registry = httpSchemaRegistry({ url: await old.start() });
    await registry.setMode('IMPORT', 'orders-value');

    // Act
    await registry.clearMode('orders-value');
    await old.stop();

    // Assess
    expect(old.modes.get('orders-value')).toBe('READWRITE');
  });

  it('sends force=true when asked and sets compatibility levels', async () => {
    // Prepare
    server.add('orders-value', 1, 7, ORDER_V1);
    const registry = httpSchemaRegistry({ url, credentials: { username: 'reader', password: 's3cret' } });

    // Act
    const refused = await registry.setMode('IMPORT', 'orders-value').catch((e: unknown) => e);
    await registry.setMode('IMPORT', 'orders-value', { force: true });
    await registry.setCompatibility('FULL_TRANSITIVE', 'orders-value');
    await registry.setCompatibility('NONE');

    // Assess
    expect(refused).toMatchObject({ name: 'SchemaRegistryHttpError', status: 422, errorCode: 42205 });
    expect(server.modes.get('orders-value')).toBe('IMPORT');
    expect([server.compatibility.get('orders-value'), server.globalCompatibility]).toEqual(['FULL_TRANSITIVE', 'NONE']);
  });

  it('times out on a registry that does not answer', async () => {
    // Prepare
    const hanging: typeof fetch = (_input, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));

    // Act
    const failure = await httpSchemaRegistry({ url, timeoutMs: 20, fetch: hanging })
      .subjects()
      .catch((e: unknown) => e);

    // Assess
    expect(failure).toMatchObject({ name: 'SchemaRegistryTimeoutError' });
  });

  it('reports an unreachable registry and an unexpected body', async () => {
    // Prepare
    const refused: typeof fetch = () => Promise.reject(new TypeError('fetch failed'));
    const html: typeof fetch = async () => new Response('<html>', { status: 200 });

    // Act
    const unreachable = await httpSchemaRegistry({ url, fetch: refused })
      .subjects()
      .catch((e: unknown) => e);
    const garbled = await httpSchemaRegistry({ url, fetch: html })
      .subjects()
      .catch((e: unknown) => e);

    // Assess
    expect(unreachable).toMatchObject({ name: 'SchemaRegistryUnreachableError' });
    expect(garbled).toMatchObject({ name: 'SchemaRegistryResponseError' });
  });
});
