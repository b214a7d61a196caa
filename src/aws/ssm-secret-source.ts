import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { systemClock } from '@kraft-canary/client/contract';
import type { Clock, SecretSource } from '../ports/index.ts';
import { errorName, SecretUnavailableError, translateAwsError } from './errors.ts';

/** Long enough to spare SSM on every Slack click, short enough for a rotated secret to take. */
export const SECRET_CACHE_MS = 5 * 60 * 1000;

/**
 * SecureString parameters, decrypted and cached per warm Lambda instance. The cache lives in
 * this object (built once by the handler), never in module state.
 */
export class SsmSecretSource implements SecretSource {
  readonly #client: SSMClient;
  readonly #clock: Clock;
  readonly #cache = new Map<string, { value: string; until: number }>();

  constructor(client: SSMClient, clock: Clock = systemClock) {
    this.#client = client;
    this.#clock = clock;
  }

  async get(name: string): Promise<string> {
    const now = this.#clock.now();
    const cached = this.#cache.get(name);
    if (cached !== undefined && cached.until > now) return cached.value;
    let value: string | undefined;
    try {
      const out = await this.#client.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
      value = out.Parameter?.Value;
    } catch (error) {
      if (errorName(error) === 'ParameterNotFound') throw new SecretUnavailableError(name);
      throw translateAwsError('GetParameter', error);
    }
    if (value === undefined || value === '') throw new SecretUnavailableError(name);
    this.#cache.set(name, { value, until: now + SECRET_CACHE_MS });
    return value;
  }
}
