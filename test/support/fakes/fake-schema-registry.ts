import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RegisteredSchema } from '../../../src/ports/index.ts';

export interface FakeRegistryOptions {
  /** Required `user:password` for basic auth. */
  basicAuth?: string;
  /** Answers PUT /mode with 422, as a registry with mode.mutability=false does. */
  refuseModeChanges?: boolean;
  /** Answers DELETE /mode with 405, as registries before 7.x do. */
  noDeleteMode?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  body: unknown;
}

/**
 * The subset of the Confluent Schema Registry REST API the readiness checks use, served on
 * 127.0.0.1, with IMPORT mode rules: ids and versions may be given only in IMPORT mode, and
 * IMPORT may be set on a subject that holds schemas only with force=true.
 */
export class FakeSchemaRegistry {
  readonly schemas: RegisteredSchema[] = [];
  readonly compatibility = new Map<string, string>();
  readonly modes = new Map<string, string>();
  readonly requests: RecordedRequest[] = [];
  globalCompatibility = 'BACKWARD';
  globalMode = 'READWRITE';
  readonly #server: Server;
  readonly #options: FakeRegistryOptions;

  constructor(options: FakeRegistryOptions = {}) {
    this.#options = options;
    this.#server = createServer((req, res) => void this.#handle(req, res));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  add(subject: string, version: number, id: number, schema: string, schemaType = 'AVRO'): this {
    this.schemas.push({ subject, version, id, schema, schemaType, references: [] });
    return this;
  }

  writes(): RecordedRequest[] {
    return this.requests.filter((r) => r.method !== 'GET');
  }

  #versions(subject: string): RegisteredSchema[] {
    return this.schemas.filter((s) => s.subject === subject).sort((a, b) => a.version - b.version);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body: unknown = text ? JSON.parse(text) : undefined;
    const method = req.method ?? 'GET';
    this.requests.push({ method, path: url.pathname + url.search, body });
    const send = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
      res.end(JSON.stringify(value));
    };
    const expected = this.#options.basicAuth && `Basic ${Buffer.from(this.#options.basicAuth).toString('base64')}`;
    if (expected && req.headers.authorization !== expected) return send(401, { error_code: 401, message: 'Unauthorized' });
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    send(...this.#route(method, parts, body as Record<string, unknown> | undefined, url.searchParams.get('force') === 'true'));
  }

  #route(method: string, parts: string[], body: Record<string, unknown> | undefined, force: boolean): [number, unknown] {
    const [resource, subject, sub, version] = parts;
    if (resource === 'subjects' && subject === undefined) return [200, [...new Set(this.schemas.map((s) => s.subject))]];
    if (resource === 'subjects' && sub === 'versions' && method === 'POST') return this.#register(subject ?? '', body ?? {});
    if (resource === 'subjects' && sub === 'versions' && version === undefined) {
      const versions = this.#versions(subject ?? '');
      return versions.length > 0 ? [200, versions.map((v) => v.version)] : [404, { error_code: 40401, message: 'Subject not found' }];
    }
    if (resource === 'subjects' && sub === 'versions') {
      const found = this.#versions(subject ?? '').find((v) => v.version === Number(version));
      return found ? [200, found] : [404, { error_code: 40402, message: 'Version not found' }];
    }
    if (resource === 'config') return this.#config(method, subject, body);
    if (resource === 'mode') return this.#mode(method, subject, body, force);
    return [404, { error_code: 404, message: 'Not found' }];
  }

  #config(method: string, subject: string | undefined, body: Record<string, unknown> | undefined): [number, unknown] {
    if (method === 'PUT') {
      const level = String(body?.compatibility);
      if (subject === undefined) this.globalCompatibility = level;
      else this.compatibility.set(subject, level);
      return [200, { compatibility: level }];
    }
    if (subject === undefined) return [200, { compatibilityLevel: this.globalCompatibility }];
    const level = this.compatibility.get(subject);
    return level ? [200, { compatibilityLevel: level }] : [404, { error_code: 40408, message: 'Subject compatibility not configured' }];
  }

  #mode(method: string, subject: string | undefined, body: Record<string, unknown> | undefined, force: boolean): [number, unknown] {
    if (subject === undefined) return [200, { mode: this.globalMode }];
    if (method === 'GET') {
      const mode = this.modes.get(subject);
      return mode ? [200, { mode }] : [404, { error_code: 40409, message: 'Subject mode not configured' }];
    }
    if (method === 'DELETE') {
      if (this.#options.noDeleteMode) return [405, { error_code: 405, message: 'HTTP 405 Method Not Allowed' }];
      const had = this.modes.delete(subject);
      return had ? [200, { mode: 'READWRITE' }] : [404, { error_code: 40409, message: 'Subject mode not configured' }];
    }
    const mode = String(body?.mode);
    if (this.#options.refuseModeChanges) return [422, { error_code: 42204, message: 'Mode changes are not allowed' }];
    if (mode === 'IMPORT' && this.#versions(subject).length > 0 && !force)
      return [422, { error_code: 42205, message: 'Cannot import since found existing subjects' }];
    this.modes.set(subject, mode);
    return [200, { mode }];
  }

  #register(subject: string, body: Record<string, unknown>): [number, unknown] {
    const importing = (this.modes.get(subject) ?? this.globalMode) === 'IMPORT';
    const schema = String(body.schema);
    const schemaType = typeof body.schemaType === 'string' ? body.schemaType : 'AVRO';
    if ((body.id !== undefined || body.version !== undefined) && !importing) {
      return [422, { error_code: 42205, message: 'Subject is not in import mode' }];
    }
    const id = typeof body.id === 'number' ? body.id : Math.max(0, ...this.schemas.map((s) => s.id)) + 1;
    const taken = this.schemas.find((s) => s.id === id);
    if (taken && taken.schema !== schema) return [422, { error_code: 42207, message: 'Overwrite new schema with id is not permitted' }];
    const version = typeof body.version === 'number' ? body.version : Math.max(0, ...this.#versions(subject).map((v) => v.version)) + 1;
    const references = Array.isArray(body.references) ? (body.references as RegisteredSchema['references']) : [];
    this.schemas.push({ subject, version, id, schema, schemaType, references });
    return [200, { id }];
  }
}
