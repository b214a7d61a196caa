import { DeleteParametersCommand, GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SsmApprovalHousekeeping } from '../../../src/aws/ssm-approval-housekeeping.ts';
import type { StoredApprovalEntry } from '../../../src/ports/index.ts';
import { approvalRecord, EXECUTION_ARN, T0, TASK_TOKEN } from '../../support/approval-fixtures.ts';

const ssm = mockClient(SSMClient);
const housekeeping = () => new SsmApprovalHousekeeping(new SSMClient({}), '/kc');
const RECORDS = '/kc/payments/approvals';
const DECISIONS = '/kc/payments/approval-decisions';

beforeEach(() => ssm.reset());

describe('SsmApprovalHousekeeping.entries', () => {
  it('lists records with decryption and decisions without, page by page, keeping only ids, expiries and executions', async () => {
    // Prepare
    ssm
      .on(GetParametersByPathCommand, { Path: RECORDS })
      .resolvesOnce({ Parameters: [{ Name: `${RECORDS}/aaaa0000`, Value: JSON.stringify(approvalRecord({ approvalId: 'aaaa0000' })) }], NextToken: 'p2' })
      .resolvesOnce({ Parameters: [{ Name: `${RECORDS}/bbbb0000`, Value: 'not json' }] })
      .on(GetParametersByPathCommand, { Path: DECISIONS })
      .resolves({
        Parameters: [
          { Name: `${DECISIONS}/aaaa0000`, Value: JSON.stringify({ action: 'approve', by: 'U1', at: T0, via: 'slack', expiresAt: T0 + 5 }) },
          { Name: `${DECISIONS}/cccc0000`, Value: JSON.stringify({ action: 'approve', by: 'U1', at: T0, via: 'slack' }) },
        ],
      });
    // Act
    const entries = await housekeeping().entries('payments');
    // Assess
    expect(entries).toEqual([
      { kind: 'record', approvalId: 'aaaa0000', expiresAt: T0 + 86_400_000, executionArn: EXECUTION_ARN },
      { kind: 'record', approvalId: 'bbbb0000', expiresAt: null, executionArn: null },
      { kind: 'decision', approvalId: 'aaaa0000', expiresAt: T0 + 5, executionArn: null },
      { kind: 'decision', approvalId: 'cccc0000', expiresAt: null, executionArn: null },
    ]);
    expect(JSON.stringify(entries)).not.toContain(TASK_TOKEN.slice(0, 30));
    const inputs = ssm.commandCalls(GetParametersByPathCommand).map((c) => c.args[0].input);
    expect(inputs).toEqual([
      { Path: RECORDS, Recursive: false, WithDecryption: true, MaxResults: 10, NextToken: undefined },
      { Path: RECORDS, Recursive: false, WithDecryption: true, MaxResults: 10, NextToken: 'p2' },
      { Path: DECISIONS, Recursive: false, WithDecryption: false, MaxResults: 10, NextToken: undefined },
    ]);
  });

  it('names the failed operation only', async () => {
    ssm.on(GetParametersByPathCommand).rejects(Object.assign(new Error('User arn:aws:iam::1:role/x is not authorized'), { name: 'AccessDeniedException' }));
    await expect(housekeeping().entries('payments')).rejects.toMatchObject({
      name: 'AwsCallError',
      message: 'GetParametersByPath failed (AccessDeniedException)',
    });
  });
});

describe('SsmApprovalHousekeeping.delete', () => {
  const entries = (n: number): StoredApprovalEntry[] =>
    Array.from({ length: n }, (_, i) => ({
      kind: i % 2 === 0 ? 'record' : 'decision',
      approvalId: `id${String(i).padStart(6, '0')}`,
      expiresAt: 0,
      executionArn: null,
    }));

  it('deletes in batches of ten and counts names already gone as deleted', async () => {
    // Prepare
    ssm
      .on(DeleteParametersCommand)
      .callsFake((input: { Names: string[] }) => ({ DeletedParameters: input.Names.slice(1), InvalidParameters: input.Names.slice(0, 1) }));
    // Act
    const result = await housekeeping().delete('payments', entries(23));
    // Assess
    expect(result).toEqual({ deleted: 23, failed: 0 });
    const batches = ssm.commandCalls(DeleteParametersCommand).map((c) => c.args[0].input.Names ?? []);
    expect(batches.map((b) => b.length)).toEqual([10, 10, 3]);
    expect(batches[0]!.slice(0, 2)).toEqual([`${RECORDS}/id000000`, `${DECISIONS}/id000001`]);
  });

  it('counts a failed batch and goes on with the next one', async () => {
    // Prepare
    ssm
      .on(DeleteParametersCommand)
      .rejectsOnce(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }))
      .resolves({ DeletedParameters: ['x', 'y', 'z'] });
    // Act
    const result = await housekeeping().delete('payments', entries(13));
    // Assess
    expect(result).toEqual({ deleted: 3, failed: 10 });
  });
});
