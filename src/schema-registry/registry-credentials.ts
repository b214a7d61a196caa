import type { Plan } from '../domain/plan.ts';
import type { SecretSource } from '../ports/index.ts';
import { SchemaRegistryCredentialsError } from './errors.ts';
import type { RegistryCredentials } from './http-schema-registry.ts';

/** SecureString holding a registry's basic-auth login: `<prefix>/<migration>/schema-registry/<blue|green>`. */
export const registryCredentialsName = (prefix: string, migration: string, side: 'blue' | 'green'): string => `${prefix}/${migration}/schema-registry/${side}`;

/** `{"username": ..., "password": ...}` or `username:password`. */
export function parseRegistryCredentials(text: string, name: string): RegistryCredentials {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let value: { username?: unknown; password?: unknown } = {};
    try {
      value = JSON.parse(trimmed);
    } catch {
      // Reported below without echoing the secret.
    }
    if (typeof value.username === 'string' && typeof value.password === 'string') return { username: value.username, password: value.password };
  } else {
    const colon = trimmed.indexOf(':');
    if (colon > 0) return { username: trimmed.slice(0, colon), password: trimmed.slice(colon + 1) };
  }
  throw new SchemaRegistryCredentialsError(`${name} must hold {"username","password"} JSON or username:password`);
}

/** The registry login for one side, or null when no parameter exists (a registry without auth). */
export async function readRegistryCredentials(secrets: SecretSource, prefix: string, plan: Plan, side: 'blue' | 'green'): Promise<RegistryCredentials | null> {
  const name = registryCredentialsName(prefix, plan.migration, side);
  let text: string;
  try {
    text = await secrets.get(name);
  } catch (error) {
    // SecretSource adapters signal a missing parameter with this error name.
    if (error instanceof Error && error.name === 'SecretUnavailableError') return null;
    throw error;
  }
  return parseRegistryCredentials(text, name);
}
