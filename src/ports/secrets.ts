/** Secrets (SSM SecureString parameters in src/aws/). */

/** A secret by parameter name (SSM SecureString with decryption); adapters may cache. */
export interface SecretSource {
  get(name: string): Promise<string>;
}
