import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { AuditArchive } from '../ports/index.ts';
import { translateAwsError } from './errors.ts';

/**
 * Audit records in S3. The bucket is versioned (serverless.yml), so a record cannot be lost
 * to an overwrite, and it lives apart from the resources it describes: the snapshot of a
 * cluster taken before DeleteCluster survives the cluster.
 */
export class S3AuditArchive implements AuditArchive {
  readonly #client: S3Client;
  readonly #bucket: string;

  constructor(client: S3Client, bucket: string) {
    this.#client = client;
    this.#bucket = bucket;
  }

  async put(key: string, document: unknown): Promise<{ key: string; versionId?: string }> {
    try {
      const out = await this.#client.send(
        new PutObjectCommand({
          Bucket: this.#bucket,
          Key: key,
          Body: JSON.stringify(document, null, 2),
          ContentType: 'application/json',
          // Never replace an existing record; versioning keeps it anyway, this keeps it current.
          IfNoneMatch: '*',
        }),
      );
      return { key, ...(out.VersionId ? { versionId: out.VersionId } : {}) };
    } catch (error) {
      throw translateAwsError('PutObject', error);
    }
  }
}
