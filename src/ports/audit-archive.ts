/** The audit archive (versioned S3 bucket in src/aws/): records that must outlive what they describe. */

export interface AuditArchive {
  /** Stores a JSON document under the key; returns the object version when the bucket keeps one. */
  put(key: string, document: unknown): Promise<{ key: string; versionId?: string }>;
}
