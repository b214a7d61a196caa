import { z } from 'zod';
import type { RegisteredSchema, SchemaRegistryPort } from '../ports/index.ts';
import { SchemaRegistryHttpError, SchemaRegistryResponseError, SchemaRegistryTimeoutError, SchemaRegistryUnreachableError } from './errors.ts';

export interface RegistryCredentials {
  readonly username: string;
  readonly password: string;
}

export interface HttpSchemaRegistryOptions {
  readonly url: string;
  /** Basic auth; user info in the URL is used when this is absent. */
  readonly credentials?: RegistryCredentials | null;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

const MEDIA_TYPE = 'application/vnd.schemaregistry.v1+json';
const NOT_FOUND = 404;
const METHOD_NOT_ALLOWED = 405;

const SchemaVersion = z.object({
  subject: z.string(),
  version: z.number().int(),
  id: z.number().int(),
  schema: z.string(),
  schemaType: z.string().optional(),
  references: z.array(z.object({ name: z.string(), subject: z.string(), version: z.number().int() })).optional(),
});
const Compatibility = z.object({ compatibilityLevel: z.string().optional(), compatibility: z.string().optional() });
const Mode = z.object({ mode: z.string() });
const ErrorBody = z.object({ error_code: z.number().optional() });

type Request = <T>(method: string, path: string, shape: z.ZodType<T>, body?: unknown) => Promise<T>;

function splitUrl(url: string, credentials: RegistryCredentials | null | undefined): { base: string; authorization?: string } {
  const parsed = new URL(url);
  const user = credentials ?? (parsed.username ? { username: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) } : null);
  parsed.username = '';
  parsed.password = '';
  const base = parsed.href.replace(/\/+$/, '');
  if (!user) return { base };
  return { base, authorization: `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}` };
}

async function failure(response: Response, what: string): Promise<SchemaRegistryHttpError> {
  const body = ErrorBody.safeParse(await response.json().catch(() => ({})));
  const code = body.success ? body.data.error_code : undefined;
  return new SchemaRegistryHttpError(`${what} answered HTTP ${response.status}${code ? ` (error_code ${code})` : ''}`, response.status, code);
}

function requester(options: HttpSchemaRegistryOptions): Request {
  const { base, authorization } = splitUrl(options.url, options.credentials);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const doFetch = options.fetch ?? fetch;
  return async (method, path, shape, body) => {
    // The path names the operation without subject names or hosts: safe for reports.
    const what = `${method} ${path.split('/').slice(0, 2).join('/')}`;
    const headers: Record<string, string> = { accept: MEDIA_TYPE, ...(authorization ? { authorization } : {}) };
    if (body !== undefined) headers['content-type'] = MEDIA_TYPE;
    let response: Response;
    try {
      const init = { method, headers, signal: AbortSignal.timeout(timeoutMs), body: body === undefined ? undefined : JSON.stringify(body) };
      response = await doFetch(`${base}${path}`, init);
    } catch (cause) {
      if ((cause as Error).name === 'TimeoutError') throw new SchemaRegistryTimeoutError(`${what} timed out after ${timeoutMs} ms`, { cause });
      throw new SchemaRegistryUnreachableError(`${what} got no answer`, { cause });
    }
    if (!response.ok) throw await failure(response, what);
    const parsed = shape.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new SchemaRegistryResponseError(`${what} answered an unexpected body`, { cause: parsed.error });
    return parsed.data;
  };
}

const enc = encodeURIComponent;

async function orNullOn404<T>(call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (error instanceof SchemaRegistryHttpError && error.status === NOT_FOUND) return null;
    throw error;
  }
}

/** A Confluent-compatible Schema Registry over its REST API, with global fetch and timeouts. */
export function httpSchemaRegistry(options: HttpSchemaRegistryOptions): SchemaRegistryPort {
  const request = requester(options);
  const any = z.unknown();
  return {
    subjects: () => request('GET', '/subjects', z.array(z.string())),
    versions: (subject) => request('GET', `/subjects/${enc(subject)}/versions`, z.array(z.number().int())),
    async schema(subject, version): Promise<RegisteredSchema> {
      const v = await request('GET', `/subjects/${enc(subject)}/versions/${version}`, SchemaVersion);
      return { subject: v.subject, version: v.version, id: v.id, schema: v.schema, schemaType: v.schemaType ?? 'AVRO', references: v.references ?? [] };
    },
    async compatibility(subject) {
      const path = subject === undefined ? '/config' : `/config/${enc(subject)}`;
      const body = await orNullOn404(request('GET', path, Compatibility));
      return body?.compatibilityLevel ?? body?.compatibility ?? null;
    },
    async setCompatibility(level, subject) {
      await request('PUT', subject === undefined ? '/config' : `/config/${enc(subject)}`, any, { compatibility: level });
    },
    async mode(subject) {
      const body = await orNullOn404(request('GET', subject === undefined ? '/mode' : `/mode/${enc(subject)}`, Mode));
      return body?.mode ?? null;
    },
    async setMode(mode, subject, opts) {
      await request('PUT', `/mode/${enc(subject)}${opts?.force ? '?force=true' : ''}`, any, { mode });
    },
    async clearMode(subject) {
      try {
        await orNullOn404(request('DELETE', `/mode/${enc(subject)}`, any));
      } catch (error) {
        // Registries without DELETE /mode fall back to the default mode explicitly.
        if (!(error instanceof SchemaRegistryHttpError && error.status === METHOD_NOT_ALLOWED)) throw error;
        await request('PUT', `/mode/${enc(subject)}`, any, { mode: 'READWRITE' });
      }
    },
    async importSchema(s) {
      const body = {
        schema: s.schema,
        // Registries before 5.5 know only Avro and reject the field.
        ...(s.schemaType === 'AVRO' ? {} : { schemaType: s.schemaType }),
        ...(s.references.length > 0 ? { references: s.references } : {}),
        id: s.id,
        version: s.version,
      };
      const { id } = await request('POST', `/subjects/${enc(s.subject)}/versions`, z.object({ id: z.number().int() }), body);
      if (id !== s.id) throw new SchemaRegistryResponseError(`POST /subjects registered id ${id} instead of ${s.id}`);
    },
  };
}
