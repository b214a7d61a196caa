/** Structured logging (JSON lines to CloudWatch Logs in Lambda; captured in tests). */

/** Fields are values for dashboards, never raw errors, tokens, secrets or request bodies. */
export type LogFields = Readonly<Record<string, string | number | boolean | null | undefined>>;

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}
