import type { Logger } from '../../../src/ports/index.ts';

/** A logger that keeps what was logged, for assertions that nothing leaks and warnings are given. */
export function recordingLogger(): Logger & { lines: { level: string; message: string; fields?: unknown }[] } {
  const lines: { level: string; message: string; fields?: unknown }[] = [];
  const at = (level: string) => (message: string, fields?: unknown) => void lines.push({ level, message, fields });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

/** A clock that reads a mutable instant. */
export function manualClock(start: number): { now: () => number; at: number } {
  const clock = { at: start, now: () => clock.at };
  return clock;
}

/** Execution control for a rollback that never stops anything here (the state machine asks itself). */
export function idleExecutions() {
  return {
    stopExecution: async () => undefined,
    describeExecution: async () => 'NOT_FOUND' as const,
    executionInput: async () => null,
    startExecution: async () => ({ executionArn: 'unused', alreadyStarted: false }),
  };
}
