import {
  DeleteParameterCommand,
  GetParameterCommand,
  GetParametersByPathCommand,
  ParameterAlreadyExists,
  ParameterNotFound,
  PutParameterCommand,
  SSMClient,
} from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SsmApprovalStore } from '../../../src/aws/ssm-approval-store.ts';
import type { ApprovalDecision } from '../../../src/ports/index.ts';
import { ALICE, approvalRecord, BOB, T0 } from '../../support/approval-fixtures.ts';

const ssm = mockClient(SSMClient);
const store = () => new SsmApprovalStore(new SSMClient({}), '/kc');
const notFound = () => new ParameterNotFound({ message: 'not found', $metadata: {} });
const decision: ApprovalDecision = { action: 'approve', by: ALICE, at: T0, via: 'slack' };

beforeEach(() => ssm.reset());

describe('SsmApprovalStore', () => {
  it('writes the record as a create-only SecureString under <prefix>/<migration>/approvals/<id>', async () => {
    // Prepare
    ssm.on(PutParameterCommand).resolves({ Version: 1 });
    // Act
    await store().put(approvalRecord());
    // Assess
    const input = ssm.commandCalls(PutParameterCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ Name: '/kc/payments/approvals/a1b2c3d4e5f60718293a', Type: 'SecureString', Overwrite: false, Tier: 'Intelligent-Tiering' });
    expect(JSON.parse(input.Value!)).toEqual(approvalRecord());
  });

  it('writes records under the customer managed key when one is given (KeyId), under the AWS managed key otherwise', async () => {
    // Prepare
    ssm.on(PutParameterCommand).resolves({ Version: 1 });
    const key = 'arn:aws:kms:eu-west-1:111122223333:key/1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901';
    // Act
    await new SsmApprovalStore(new SSMClient({}), '/kc', key).put(approvalRecord());
    await new SsmApprovalStore(new SSMClient({}), '/kc', key).update(approvalRecord());
    await store().put(approvalRecord());
    // Assess
    const inputs = ssm.commandCalls(PutParameterCommand).map((c) => c.args[0].input);
    expect(inputs.map((i) => i.KeyId)).toEqual([key, key, undefined]);
    expect(inputs.every((i) => i.Type === 'SecureString')).toBe(true);
  });

  it('reads a record with decryption; a missing or unreadable one is null', async () => {
    // Prepare
    ssm
      .on(GetParameterCommand, { Name: '/kc/payments/approvals/a1b2c3d4e5f60718293a' })
      .resolves({ Parameter: { Value: JSON.stringify(approvalRecord()) } })
      .on(GetParameterCommand, { Name: '/kc/payments/approvals/missing000000' })
      .rejects(notFound())
      .on(GetParameterCommand, { Name: '/kc/payments/approvals/garbled000000' })
      .resolves({ Parameter: { Value: '{"taskToken":' } });
    // Act
    const found = await store().get('payments', 'a1b2c3d4e5f60718293a');
    const missing = await store().get('payments', 'missing000000');
    const garbled = await store().get('payments', 'garbled000000');
    // Assess
    expect(found).toEqual(approvalRecord());
    expect([missing, garbled]).toEqual([null, null]);
    expect(ssm.commandCalls(GetParameterCommand)[0]!.args[0].input.WithDecryption).toBe(true);
  });

  it('lists every page of a migration, oldest first', async () => {
    ssm
      .on(GetParametersByPathCommand)
      .resolvesOnce({ Parameters: [{ Value: JSON.stringify(approvalRecord({ approvalId: 'b0000000', createdAt: T0 + 5 })) }], NextToken: 'n' })
      .resolvesOnce({ Parameters: [{ Value: JSON.stringify(approvalRecord({ approvalId: 'a0000000', createdAt: T0 })) }] });
    const records = await store().list('payments');
    expect(records.map((r) => r.approvalId)).toEqual(['a0000000', 'b0000000']);
    expect(ssm.commandCalls(GetParametersByPathCommand)[0]!.args[0].input).toMatchObject({
      Path: '/kc/payments/approvals',
      Recursive: false,
      WithDecryption: true,
    });
  });

  it('claims a decision create-only: the first wins, the second learns who won', async () => {
    // Prepare
    ssm
      .on(PutParameterCommand)
      .resolvesOnce({ Version: 1 })
      .rejects(new ParameterAlreadyExists({ message: 'exists', $metadata: {} }))
      .on(GetParameterCommand, { Name: '/kc/payments/approval-decisions/a1b2c3d4e5f60718293a' })
      .resolves({ Parameter: { Value: JSON.stringify(decision) } });
    // Act
    const first = await store().claim('payments', 'a1b2c3d4e5f60718293a', decision, T0 + 3_600_000);
    const second = await store().claim('payments', 'a1b2c3d4e5f60718293a', { ...decision, by: BOB }, T0 + 3_600_000);
    // Assess
    expect(first).toEqual({ won: true });
    expect(second).toEqual({ won: false, winner: decision });
    expect(ssm.commandCalls(PutParameterCommand)[0]!.args[0].input).toMatchObject({
      Name: '/kc/payments/approval-decisions/a1b2c3d4e5f60718293a',
      Type: 'String',
      Overwrite: false,
    });
  });

  it("stores the approval's expiry with the decision, so that the sweep needs no record; reading it back leaves it out", async () => {
    // Prepare
    ssm.on(PutParameterCommand).resolves({ Version: 1 });
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: JSON.stringify({ ...decision, expiresAt: T0 + 60_000 }) } });
    // Act
    await store().claim('payments', 'a1b2c3d4e5f60718293a', decision, T0 + 60_000);
    const read = await store().decision('payments', 'a1b2c3d4e5f60718293a');
    // Assess
    expect(JSON.parse(ssm.commandCalls(PutParameterCommand)[0]!.args[0].input.Value!)).toEqual({ ...decision, expiresAt: T0 + 60_000 });
    expect(read).toEqual(decision);
  });

  it("overwrites a record to add the posted message's location, and reads it (and the kept evidence) back", async () => {
    // Prepare
    const record = { ...approvalRecord(), message: { channel: 'C0123ABCD', ts: '1777777777.001001' }, evidence: { gate: null, bakeSeconds: 900 } };
    ssm.on(PutParameterCommand).resolves({ Version: 2 });
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: JSON.stringify(record) } });
    // Act
    await store().update(record);
    const read = await store().get('payments', 'a1b2c3d4e5f60718293a');
    // Assess
    const input = ssm.commandCalls(PutParameterCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ Name: '/kc/payments/approvals/a1b2c3d4e5f60718293a', Type: 'SecureString', Overwrite: true });
    expect(read).toEqual(record);
  });

  it('marks a job taken create-only beside its decision (with the expiry the sweep reads); a second taker gets false', async () => {
    // Prepare
    ssm
      .on(PutParameterCommand)
      .resolvesOnce({ Version: 1 })
      .rejects(new ParameterAlreadyExists({ message: 'exists', $metadata: {} }));
    ssm.on(DeleteParameterCommand).resolves({});
    // Act
    const first = await store().takeJob('payments', 'a1', '0123abcd', T0 + 1000);
    const second = await store().takeJob('payments', 'a1', '0123abcd', T0 + 1000);
    await store().releaseJob('payments', 'a1', '0123abcd');
    // Assess
    expect([first, second]).toEqual([true, false]);
    expect(ssm.commandCalls(PutParameterCommand)[0]!.args[0].input).toEqual({
      Name: '/kc/payments/approval-decisions/a1.job-0123abcd',
      Value: JSON.stringify({ expiresAt: T0 + 1000 }),
      Type: 'String',
      Overwrite: false,
    });
    expect(ssm.commandCalls(DeleteParameterCommand)[0]!.args[0].input.Name).toBe('/kc/payments/approval-decisions/a1.job-0123abcd');
  });

  it('passes any other failure to mark a job on', async () => {
    ssm.on(PutParameterCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDeniedException' }));
    await expect(store().takeJob('payments', 'a1', 'x', T0)).rejects.toMatchObject({ name: 'AwsCallError' });
  });

  it('removes records and releases claims; missing ones are not errors', async () => {
    ssm.on(DeleteParameterCommand).rejects(notFound());
    await store().remove('payments', 'a1b2c3d4e5f60718293a');
    await store().release('payments', 'a1b2c3d4e5f60718293a');
    expect(ssm.commandCalls(DeleteParameterCommand).map((c) => c.args[0].input.Name)).toEqual([
      '/kc/payments/approvals/a1b2c3d4e5f60718293a',
      '/kc/payments/approval-decisions/a1b2c3d4e5f60718293a',
    ]);
  });

  it('translates failures without carrying the record into the message', async () => {
    ssm.on(PutParameterCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));
    const attempt = store().put(approvalRecord());
    await expect(attempt).rejects.toMatchObject({ name: 'TransientAwsError', message: 'PutParameter failed transiently (ThrottlingException)' });
  });
});
