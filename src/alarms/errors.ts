import { KraftCanaryError, type KraftCanaryErrorOptions } from '../errors.ts';

/** A deployment parameter for the alarms cannot be used (packaging stops with this message). */
export class AlarmConfigError extends KraftCanaryError {
  override readonly name = 'AlarmConfigError';
  constructor(message: string, options?: KraftCanaryErrorOptions) {
    super(message, options);
  }
}
