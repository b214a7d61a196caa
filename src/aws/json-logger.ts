import type { LogFields, Logger } from '../ports/index.ts';

/**
 * JSON lines on stdout/stderr, which Lambda ships to CloudWatch Logs and Logs Insights can query.
 * It writes only the message and the given fields: callers pass values, never raw errors.
 */
export function createJsonLogger(base: LogFields = {}, write: (line: string, level: string) => void = defaultWrite): Logger {
  const emit =
    (level: string) =>
    (message: string, fields: LogFields = {}) => {
      write(JSON.stringify({ level, message, ...base, ...fields }), level);
    };
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}

function defaultWrite(line: string, level: string): void {
  if (level === 'info') process.stdout.write(`${line}\n`);
  else process.stderr.write(`${line}\n`);
}
