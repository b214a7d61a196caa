import { describe, expect, it } from 'vitest';
import { stateMachineLogging, stateMachineTracing } from '../../../src/deploy/state-machine-observability.ts';

describe('state machine logging and tracing', () => {
  it('logs errors by default, everything when asked, and nothing less than errors', () => {
    expect(stateMachineLogging({}).level).toBe('ERROR');
    expect(stateMachineLogging({ stateMachineLogLevel: 'ALL' }).level).toBe('ALL');
    expect(() => stateMachineLogging({ stateMachineLogLevel: 'OFF' })).toThrow(/ERROR or ALL/);
    expect(stateMachineLogging({}).includeExecutionData).toBe(false);
  });

  it('traces only when stateMachineTracing is true (no X-Ray grant otherwise)', () => {
    expect(stateMachineTracing({})).toBeNull();
    expect(stateMachineTracing({ stateMachineTracing: 'true' })).toEqual({ enabled: true });
    expect(() => stateMachineTracing({ stateMachineTracing: 'yes' })).toThrow(/true or false/);
  });
});
