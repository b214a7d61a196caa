/** Execution control for a rollback that never stops anything here (the state machine asks itself). */
export function idleExecutions() {
  return {
    stopExecution: async () => undefined,
    describeExecution: async () => 'NOT_FOUND' as const,
    executionInput: async () => null,
    startExecution: async () => ({ executionArn: 'unused', alreadyStarted: false }),
  };
}
