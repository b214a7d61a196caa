import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { KafkaCredentialsError } from './errors.ts';

export interface ScramCredentials {
  readonly username: string;
  readonly password: string;
}

export type ScramCredentialSource = (secretId: string) => Promise<ScramCredentials>;

/**
 * MSK SCRAM credentials from Secrets Manager: the secret (name prefixed AmazonMSK_) holds
 * `{"username": ..., "password": ...}`. Errors name the secret, never its value.
 */
export function secretsManagerScram(client: SecretsManagerClient): ScramCredentialSource {
  return async (secretId) => {
    let text: string | undefined;
    try {
      text = (await client.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;
    } catch (cause) {
      throw new KafkaCredentialsError(`cannot read the SCRAM secret ${secretId}`, { cause });
    }
    let value: { username?: unknown; password?: unknown } = {};
    try {
      value = JSON.parse(text ?? '{}');
    } catch {
      // Reported below without echoing the secret's text.
    }
    if (typeof value.username !== 'string' || typeof value.password !== 'string') {
      throw new KafkaCredentialsError(`the SCRAM secret ${secretId} must be JSON with username and password`);
    }
    return { username: value.username, password: value.password };
  };
}
