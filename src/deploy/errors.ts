/** A deployment parameter cannot be used (packaging stops with this message). */
export class DeploymentConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DeploymentConfigError';
  }
}
