import { type RollbackOutcome, type RollbackPorts, rollback } from './rollback.ts';
import { type ParsedRollbackEvent, parseRollbackEvent, type RollbackEventContext } from './rollback-request.ts';

export type RollbackEventResult = RollbackOutcome | Exclude<ParsedRollbackEvent, { kind: 'request' }>;

/**
 * The one entry for every rollback trigger: the alarm rule, the state machine, the Slack
 * button and the CLI. Events that are not for this migration, or not an ALARM, are logged and
 * answered as no-ops; malformed ones are logged and dropped (returned, never thrown, so that
 * an asynchronous invocation is not retried over input that will never parse).
 */
export const handleRollbackEvent =
  (ports: RollbackPorts, context: RollbackEventContext = {}) =>
  async (event: unknown): Promise<RollbackEventResult> => {
    const parsed = parseRollbackEvent(event, context);
    if (parsed.kind === 'malformed') {
      ports.logger.error('rollback event dropped: malformed', { issues: parsed.issues.slice(0, 5).join('; ') });
      return parsed;
    }
    if (parsed.kind === 'ignored') {
      ports.logger.info('rollback event ignored', { reason: parsed.reason, detail: parsed.detail });
      return parsed;
    }
    const outcome = await rollback(ports)(parsed.request);
    if (outcome.kind === 'no-op') {
      ports.logger.info('rollback not needed', { migration: outcome.migration, reason: outcome.reason, source: parsed.request.source });
    }
    return outcome;
  };
