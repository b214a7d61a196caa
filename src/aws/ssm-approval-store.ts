import {
  DeleteParameterCommand,
  GetParameterCommand,
  GetParametersByPathCommand,
  type Parameter,
  PutParameterCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm';
import { z } from 'zod';
import type { GateResult } from '../domain/gates.ts';
import type { ApprovalDecision, ApprovalJobMarks, ApprovalRecord, ApprovalStore } from '../ports/index.ts';
import { errorName, translateAwsError } from './errors.ts';
import { DEFAULT_PARAMETER_PREFIX } from './ssm-routing-store.ts';

export const approvalParameterName = (prefix: string, migration: string, approvalId: string): string => `${prefix}/${migration}/approvals/${approvalId}`;
export const decisionParameterName = (prefix: string, migration: string, approvalId: string): string =>
  `${prefix}/${migration}/approval-decisions/${approvalId}`;
/**
 * Beside the decision, under the same path (so the same grants and release-lock's sweep cover
 * it: the sweep reads its `expiresAt` and deletes it by this very name).
 */
export const jobMarkParameterName = (prefix: string, migration: string, approvalId: string, jobId: string): string =>
  `${decisionParameterName(prefix, migration, approvalId)}.job-${jobId}`;

const ApprovalRecordSchema = z.object({
  approvalId: z.string(),
  migration: z.string(),
  kind: z.enum(['stage', 'decommission', 'pause', 'promote']),
  stageIndex: z.number(),
  fromPercent: z.number(),
  toPercent: z.number(),
  executionArn: z.string(),
  channel: z.string().nullable(),
  approvers: z.object({ users: z.array(z.string()), userGroup: z.string().optional() }),
  taskToken: z.string(),
  createdAt: z.number(),
  expiresAt: z.number(),
  onTimeout: z.enum(['hold', 'rollback']).nullable(),
  message: z.object({ channel: z.string(), ts: z.string() }).optional(),
  pause: z.object({ by: z.string(), reason: z.string() }).optional(),
  // Written by RequestApproval from a validated gate result; only ever rendered back into Slack.
  evidence: z.object({ gate: z.custom<GateResult | null>((v) => v === null || typeof v === 'object'), bakeSeconds: z.number() }).optional(),
});

const ApprovalDecisionSchema = z.object({
  action: z.enum(['approve', 'reject', 'roll-back']),
  by: z.string(),
  byName: z.string().optional(),
  at: z.number(),
  via: z.enum(['slack', 'cli']),
  reason: z.string().optional(),
});

const parse = <T>(schema: z.ZodType<T>, text: string | undefined): T | null => {
  try {
    const result = schema.safeParse(JSON.parse(text ?? ''));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
};

/**
 * Approval records as SSM SecureString parameters (KMS-encrypted, IAM-scoped per migration path,
 * audited by CloudTrail, no extra table to deploy). A record holds the task token, so it is never
 * logged; Intelligent-Tiering lets a record with a long approver list outgrow 4 KB. Decisions are
 * create-only String parameters: the first click wins even when two approvers click together.
 */
export class SsmApprovalStore implements ApprovalStore, ApprovalJobMarks {
  readonly #client: SSMClient;
  readonly #prefix: string;
  readonly #keyId: { KeyId?: string };

  /** `kmsKeyId`: the customer managed key records are written under (the AWS managed key when empty). */
  constructor(client: SSMClient, prefix: string = DEFAULT_PARAMETER_PREFIX, kmsKeyId = '') {
    this.#client = client;
    this.#prefix = prefix;
    this.#keyId = kmsKeyId === '' ? {} : { KeyId: kmsKeyId };
  }

  async put(record: ApprovalRecord): Promise<void> {
    const Name = approvalParameterName(this.#prefix, record.migration, record.approvalId);
    const Value = JSON.stringify(record);
    await this.#send('PutParameter', () =>
      this.#client.send(new PutParameterCommand({ Name, Value, Type: 'SecureString', ...this.#keyId, Tier: 'Intelligent-Tiering', Overwrite: false })),
    );
  }

  async update(record: ApprovalRecord): Promise<void> {
    const Name = approvalParameterName(this.#prefix, record.migration, record.approvalId);
    const Value = JSON.stringify(record);
    await this.#send('PutParameter', () =>
      this.#client.send(new PutParameterCommand({ Name, Value, Type: 'SecureString', ...this.#keyId, Tier: 'Intelligent-Tiering', Overwrite: true })),
    );
  }

  async get(migration: string, approvalId: string): Promise<ApprovalRecord | null> {
    const text = await this.#value(approvalParameterName(this.#prefix, migration, approvalId), true);
    return text === null ? null : parse(ApprovalRecordSchema, text);
  }

  async list(migration: string): Promise<ApprovalRecord[]> {
    const Path = `${this.#prefix}/${migration}/approvals`;
    const parameters: Parameter[] = [];
    let NextToken: string | undefined;
    do {
      const out = await this.#send('GetParametersByPath', () =>
        this.#client.send(new GetParametersByPathCommand({ Path, Recursive: false, WithDecryption: true, NextToken })),
      );
      parameters.push(...(out.Parameters ?? []));
      NextToken = out.NextToken;
    } while (NextToken);
    const records = parameters.map((p) => parse(ApprovalRecordSchema, p.Value)).filter((r) => r !== null);
    return records.sort((a, b) => a.createdAt - b.createdAt);
  }

  async remove(migration: string, approvalId: string): Promise<void> {
    await this.#delete(approvalParameterName(this.#prefix, migration, approvalId));
  }

  async claim(
    migration: string,
    approvalId: string,
    decision: ApprovalDecision,
    expiresAt: number,
  ): Promise<{ won: true } | { won: false; winner: ApprovalDecision }> {
    const Name = decisionParameterName(this.#prefix, migration, approvalId);
    // The approval's expiry rides along so that release-lock can sweep the decision without the record.
    const Value = JSON.stringify({ ...decision, expiresAt });
    try {
      await this.#client.send(new PutParameterCommand({ Name, Value, Type: 'String', Overwrite: false }));
      return { won: true };
    } catch (error) {
      if (errorName(error) !== 'ParameterAlreadyExists') throw translateAwsError('PutParameter', error);
    }
    const winner = await this.decision(migration, approvalId);
    // Released between our attempt and this read: report the attempt's own decision as lost to "someone".
    return { won: false, winner: winner ?? { ...decision, by: 'another approver' } };
  }

  async decision(migration: string, approvalId: string): Promise<ApprovalDecision | null> {
    const text = await this.#value(decisionParameterName(this.#prefix, migration, approvalId), false);
    return text === null ? null : parse(ApprovalDecisionSchema, text);
  }

  async takeJob(migration: string, approvalId: string, jobId: string, expiresAt: number): Promise<boolean> {
    const Name = jobMarkParameterName(this.#prefix, migration, approvalId, jobId);
    try {
      await this.#client.send(new PutParameterCommand({ Name, Value: JSON.stringify({ expiresAt }), Type: 'String', Overwrite: false }));
      return true;
    } catch (error) {
      if (errorName(error) === 'ParameterAlreadyExists') return false;
      throw translateAwsError('PutParameter', error);
    }
  }

  async releaseJob(migration: string, approvalId: string, jobId: string): Promise<void> {
    await this.#delete(jobMarkParameterName(this.#prefix, migration, approvalId, jobId));
  }

  async release(migration: string, approvalId: string): Promise<void> {
    await this.#delete(decisionParameterName(this.#prefix, migration, approvalId));
  }

  async #value(Name: string, WithDecryption: boolean): Promise<string | null> {
    try {
      const out = await this.#client.send(new GetParameterCommand({ Name, WithDecryption }));
      return out.Parameter?.Value ?? null;
    } catch (error) {
      if (errorName(error) === 'ParameterNotFound') return null;
      throw translateAwsError('GetParameter', error);
    }
  }

  async #delete(Name: string): Promise<void> {
    try {
      await this.#client.send(new DeleteParameterCommand({ Name }));
    } catch (error) {
      if (errorName(error) === 'ParameterNotFound') return;
      throw translateAwsError('DeleteParameter', error);
    }
  }

  async #send<T>(operation: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw translateAwsError(operation, error);
    }
  }
}
