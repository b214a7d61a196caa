import type { DeploymentParams } from './deployment-params.ts';
import { DeploymentConfigError } from './errors.ts';
import type { Statement } from './kafka-access.ts';
import type { FunctionKey } from './resource-names.ts';

/**
 * The SecureString parameters (the Slack bot token and signing secret, the approval records
 * that hold task tokens, schema registry logins) under a customer managed KMS key. With the AWS
 * managed `aws/ssm` key, any principal of the account allowed ssm:GetParameter on a name can
 * read its value; with a key of one's own, reading also takes kms:Decrypt on that key. Optional
 * (`secretsKmsKeyArn`): without it nothing changes. Standard SecureStrings are encrypted directly
 * under the key (kms:Encrypt), advanced ones by envelope encryption (kms:GenerateDataKey): the
 * approval records are Intelligent-Tiering, so their writer gets both.
 */
export type SecretUse = 'read' | 'read-write';

/** Which functions read (or write) SecureStrings, by serverless.yml function key. */
export const SECRET_USE: Readonly<Partial<Record<FunctionKey, SecretUse>>> = {
  preflight: 'read',
  requestApproval: 'read-write',
  slackInteractions: 'read',
  notify: 'read',
  releaseLock: 'read',
  rollback: 'read',
  executionEnded: 'read',
};

const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/** The key's ARN, or null when the deployment keeps the AWS managed key. */
export function secretsKeyArn(params: DeploymentParams): string | null {
  const arn = typeof params.secretsKmsKeyArn === 'string' ? params.secretsKmsKeyArn.trim() : '';
  if (arn === '') return null;
  if (!KMS_KEY_ARN.test(arn)) throw new DeploymentConfigError(`secretsKmsKeyArn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), got "${arn}"`);
  return arn;
}

/** Only through Parameter Store: the role cannot use the key for anything else. */
const REGION = '$' + '{AWS::Region}';
const VIA_SSM = { StringEquals: { 'kms:ViaService': { 'Fn::Sub': `ssm.${REGION}.amazonaws.com` } } };

export function secretsKeyStatements(params: DeploymentParams, fn: FunctionKey): Statement[] {
  const use = SECRET_USE[fn];
  const key = secretsKeyArn(params);
  if (use === undefined || key === null) return [];
  const actions = use === 'read-write' ? ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'];
  return [{ Effect: 'Allow', Action: actions, Resource: [key], Condition: VIA_SSM }];
}
