import {
  DeleteParameterCommand,
  GetParameterCommand,
  GetParameterHistoryCommand,
  type ParameterHistory,
  PutParameterCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { DEFAULT_PARAMETER_PREFIX, type RoutingDocument, routingParameterName, serializeRoutingDocument } from '@kraft-canary/client/contract';
import type { CreateOnlyFlags, RoutingCreation, RoutingStore, StoredRouting } from '../ports/index.ts';
import { errorName, InvalidRoutingWriteError, translateAwsError } from './errors.ts';

export { DEFAULT_PARAMETER_PREFIX };

/**
 * The routing document and the create-only flags (lock, rollback marker) in SSM Parameter
 * Store. SSM offers no compare-and-set; `PutParameter` with `Overwrite: false` is its only
 * atomic primitive, which is why the flags exist (see src/controller/rollback/rollback-marker.ts).
 */
export class SsmRoutingStore implements RoutingStore, RoutingCreation, CreateOnlyFlags {
  readonly #client: SSMClient;
  readonly #prefix: string;

  constructor(client: SSMClient, prefix: string = DEFAULT_PARAMETER_PREFIX) {
    this.#client = client;
    this.#prefix = prefix;
  }

  async read(migration: string): Promise<StoredRouting | null> {
    const name = routingParameterName(this.#prefix, migration);
    const parameter = await this.#getParameter(name);
    if (parameter === null) return null;
    return { version: parameter.version, text: parameter.value };
  }

  async write(migration: string, document: RoutingDocument): Promise<number> {
    const text = serializeRoutingDocument(document);
    if (!text.ok) throw new InvalidRoutingWriteError(text.error.message);
    const name = routingParameterName(this.#prefix, migration);
    return this.#put(name, text.value, true);
  }

  /** The first document, create-only: the stack no longer owns the parameter, the first rollout creates it. */
  async createFirst(migration: string, document: RoutingDocument): Promise<number | null> {
    const text = serializeRoutingDocument(document);
    if (!text.ok) throw new InvalidRoutingWriteError(text.error.message);
    try {
      return await this.#put(routingParameterName(this.#prefix, migration), text.value, false);
    } catch (error) {
      if (error instanceof Error && errorName(error.cause) === 'ParameterAlreadyExists') return null;
      throw error;
    }
  }

  async historySince(migration: string, afterVersion: number): Promise<StoredRouting[]> {
    const name = routingParameterName(this.#prefix, migration);
    const versions: StoredRouting[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.#historyPage(name, nextToken);
      if (page === null) return [];
      versions.push(...page.versions.filter((v) => v.version > afterVersion));
      nextToken = page.nextToken;
    } while (nextToken);
    return versions.sort((a, b) => a.version - b.version);
  }

  async create(name: string, value: string): Promise<boolean> {
    try {
      await this.#put(name, value, false);
      return true;
    } catch (error) {
      if (error instanceof Error && errorName(error.cause) === 'ParameterAlreadyExists') return false;
      throw error;
    }
  }

  async get(name: string): Promise<string | null> {
    return (await this.#getParameter(name))?.value ?? null;
  }

  async remove(name: string): Promise<void> {
    try {
      await this.#client.send(new DeleteParameterCommand({ Name: name }));
    } catch (error) {
      if (errorName(error) === 'ParameterNotFound') return;
      throw translateAwsError('DeleteParameter', error);
    }
  }

  async #put(name: string, value: string, overwrite: boolean): Promise<number> {
    try {
      const out = await this.#client.send(new PutParameterCommand({ Name: name, Value: value, Type: 'String', Overwrite: overwrite }));
      return out.Version ?? 0;
    } catch (error) {
      throw translateAwsError('PutParameter', error);
    }
  }

  async #getParameter(name: string): Promise<{ version: number; value: string } | null> {
    try {
      const out = await this.#client.send(new GetParameterCommand({ Name: name }));
      return { version: out.Parameter?.Version ?? 0, value: out.Parameter?.Value ?? '' };
    } catch (error) {
      if (errorName(error) === 'ParameterNotFound') return null;
      throw translateAwsError('GetParameter', error);
    }
  }

  async #historyPage(name: string, nextToken: string | undefined): Promise<{ versions: StoredRouting[]; nextToken?: string } | null> {
    try {
      const out = await this.#client.send(new GetParameterHistoryCommand({ Name: name, MaxResults: 50, NextToken: nextToken }));
      const versions = (out.Parameters ?? []).map((p: ParameterHistory) => ({ version: p.Version ?? 0, text: p.Value ?? '' }));
      return { versions, ...(out.NextToken ? { nextToken: out.NextToken } : {}) };
    } catch (error) {
      if (errorName(error) === 'ParameterNotFound') return null;
      throw translateAwsError('GetParameterHistory', error);
    }
  }
}
