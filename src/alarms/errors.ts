/** A deployment parameter for the alarms cannot be used (packaging stops with this message). */
export class AlarmConfigError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AlarmConfigError';
  }
}
