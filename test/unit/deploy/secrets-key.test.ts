import { describe, expect, it } from 'vitest';
import { secretsKeyArn, secretsKeyStatements } from '../../../src/deploy/secrets-key.ts';

const KEY = 'arn:aws:kms:eu-west-1:111122223333:key/1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901';

describe('secrets key statements', () => {
  it('grants nothing without a customer managed key (the AWS managed aws/ssm key needs no grant)', () => {
    expect(secretsKeyArn({ secretsKmsKeyArn: '' })).toBeNull();
    expect(secretsKeyStatements({}, 'notify')).toEqual([]);
  });

  it('grants decrypt to a reader, encrypt and data keys to the approval writer, nothing to a function without secrets', () => {
    expect(secretsKeyStatements({ secretsKmsKeyArn: KEY }, 'notify')[0]?.Action).toEqual(['kms:Decrypt']);
    expect(secretsKeyStatements({ secretsKmsKeyArn: KEY }, 'requestApproval')[0]?.Action).toEqual(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']);
    expect(secretsKeyStatements({ secretsKmsKeyArn: KEY }, 'evaluateGates')).toEqual([]);
  });

  it('refuses what is not a KMS key ARN', () => {
    expect(() => secretsKeyArn({ secretsKmsKeyArn: 'alias/kraft-canary' })).toThrow(/must be a KMS key ARN/);
  });
});
