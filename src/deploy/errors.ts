import { KraftCanaryError, type KraftCanaryErrorOptions } from '../errors.ts';

/** A deployment parameter cannot be used (packaging stops with this message). */
export class DeploymentConfigError extends KraftCanaryError {
  override readonly name = 'DeploymentConfigError';
  constructor(message: string, options?: KraftCanaryErrorOptions) {
    super(message, options);
  }
}
