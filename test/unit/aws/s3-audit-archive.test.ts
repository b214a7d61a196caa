import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { S3AuditArchive } from '../../../src/aws/s3-audit-archive.ts';

const client = new S3Client({ region: 'eu-west-1' });
const s3 = mockClient(client);
const archive = new S3AuditArchive(client, 'audit-bucket');

beforeEach(() => s3.reset());

describe('S3AuditArchive', () => {
  it('stores JSON under the key, never over an existing object, and returns the version', async () => {
    // Prepare
    s3.on(PutObjectCommand).resolves({ VersionId: 'v1' });
    // Act
    const stored = await archive.put('orders/decommission/2026-05-04T10:00:00.000Z.json', { a: 1 });
    // Assess
    expect(stored).toEqual({ key: 'orders/decommission/2026-05-04T10:00:00.000Z.json', versionId: 'v1' });
    const input = s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ Bucket: 'audit-bucket', ContentType: 'application/json', IfNoneMatch: '*' });
    expect(JSON.parse(String(input?.Body))).toEqual({ a: 1 });
  });

  it('returns no version for an unversioned answer', async () => {
    s3.on(PutObjectCommand).resolves({});
    expect(await archive.put('k', {})).toEqual({ key: 'k' });
  });

  it('reports a failed put', async () => {
    s3.on(PutObjectCommand).rejects(Object.assign(new Error('x'), { name: 'PreconditionFailed' }));
    await expect(archive.put('k', {})).rejects.toMatchObject({ name: 'AwsCallError', operation: 'PutObject' });
  });
});
