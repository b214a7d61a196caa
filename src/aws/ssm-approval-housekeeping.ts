import { DeleteParametersCommand, GetParametersByPathCommand, type Parameter, type SSMClient } from '@aws-sdk/client-ssm';
import type { ApprovalHousekeeping, StoredApprovalEntry } from '../ports/index.ts';
import { translateAwsError } from './errors.ts';
import { approvalParameterName, decisionParameterName } from './ssm-approval-store.ts';
import { DEFAULT_PARAMETER_PREFIX } from './ssm-routing-store.ts';

/** DeleteParameters takes at most ten names per call. */
export const DELETE_BATCH = 10;
/** A bound on one sweep (10 parameters per page): what is left waits for the next release. */
export const MAX_PAGES_PER_PATH = 100;

const lastSegment = (name: string | undefined): string => name?.split('/').at(-1) ?? '';

const readJson = (text: string | undefined): Record<string, unknown> | null => {
  try {
    const value: unknown = JSON.parse(text ?? '');
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

function toEntry(kind: StoredApprovalEntry['kind'], parameter: Parameter): StoredApprovalEntry {
  const value = readJson(parameter.Value);
  const expiresAt = typeof value?.expiresAt === 'number' ? value.expiresAt : null;
  const executionArn = kind === 'record' && typeof value?.executionArn === 'string' ? value.executionArn : null;
  return { kind, approvalId: lastSegment(parameter.Name), expiresAt, executionArn };
}

/**
 * Approval records (SecureString) and decision parameters (String) by path, for release-lock's
 * sweep. Records are read with decryption because their expiry lives inside the encrypted
 * value; the values never leave this class, only ids, expiries and execution ARNs.
 */
export class SsmApprovalHousekeeping implements ApprovalHousekeeping {
  readonly #client: SSMClient;
  readonly #prefix: string;

  constructor(client: SSMClient, prefix: string = DEFAULT_PARAMETER_PREFIX) {
    this.#client = client;
    this.#prefix = prefix;
  }

  async entries(migration: string): Promise<StoredApprovalEntry[]> {
    const records = await this.#list(`${this.#prefix}/${migration}/approvals`, true);
    const decisions = await this.#list(`${this.#prefix}/${migration}/approval-decisions`, false);
    return [...records.map((p) => toEntry('record', p)), ...decisions.map((p) => toEntry('decision', p))];
  }

  async delete(migration: string, entries: readonly StoredApprovalEntry[]): Promise<{ deleted: number; failed: number }> {
    const names = entries.map((e) => (e.kind === 'record' ? approvalParameterName : decisionParameterName)(this.#prefix, migration, e.approvalId));
    let deleted = 0;
    let failed = 0;
    for (let i = 0; i < names.length; i += DELETE_BATCH) {
      const Names = names.slice(i, i + DELETE_BATCH);
      try {
        const out = await this.#client.send(new DeleteParametersCommand({ Names }));
        // InvalidParameters are names that no longer exist: gone is what the sweep wanted.
        deleted += (out.DeletedParameters?.length ?? 0) + (out.InvalidParameters?.length ?? 0);
      } catch {
        failed += Names.length;
      }
    }
    return { deleted, failed };
  }

  async #list(Path: string, WithDecryption: boolean): Promise<Parameter[]> {
    const parameters: Parameter[] = [];
    let NextToken: string | undefined;
    for (let page = 0; page < MAX_PAGES_PER_PATH; page += 1) {
      try {
        const out = await this.#client.send(new GetParametersByPathCommand({ Path, Recursive: false, WithDecryption, MaxResults: 10, NextToken }));
        parameters.push(...(out.Parameters ?? []));
        NextToken = out.NextToken;
      } catch (error) {
        throw translateAwsError('GetParametersByPath', error);
      }
      if (!NextToken) break;
    }
    return parameters;
  }
}
