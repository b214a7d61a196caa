import { describe, expect, it } from 'vitest';
import { type RolloutHandlers, runRollout, type StepHandler } from '../../../src/local/run-rollout.ts';
import { planInput } from '../../support/rollout-fixtures.ts';

/** Handlers where only Preflight is expected to run; it answers when the test says so. */
function handlersWithPreflight(preflight: StepHandler): { handlers: RolloutHandlers; calls: string[] } {
  const calls: string[] = [];
  const other =
    (key: string): StepHandler =>
    async () => {
      calls.push(key);
      throw new Error(`${key} should not run`);
    };
  const keys = [
    'setRouting',
    'evaluateGates',
    'requestApproval',
    'notify',
    'confirmDrain',
    'requestMoves',
    'confirmMoves',
    'decommission',
    'releaseLock',
    'rollback',
    'checkControls',
  ] as const;
  const handlers = Object.fromEntries(keys.map((k) => [k, other(k)])) as unknown as RolloutHandlers;
  const tracked: StepHandler = async (event) => {
    calls.push('preflight');
    return preflight(event);
  };
  return { handlers: { ...handlers, preflight: tracked }, calls };
}

const input = { plan: planInput(), requestedBy: 'alice' };

describe('runRollout abort', () => {
  it('ends the execution as ABORTED at once, with the reason as its cause; no state runs after the Task in flight', async () => {
    // Prepare
    let finishPreflight: (value: unknown) => void = () => {};
    const { handlers, calls } = handlersWithPreflight(() => new Promise((resolve) => (finishPreflight = resolve)));
    const controller = new AbortController();
    const running = runRollout({ input, handlers, signal: controller.signal });
    await new Promise((resolve) => setImmediate(resolve));

    // Act
    controller.abort('rolled back: lag alarm');
    const result = await running;
    finishPreflight({ kind: 'refused', code: 'x', message: 'late answer' });
    await new Promise((resolve) => setImmediate(resolve));

    // Assess
    expect(result).toEqual({ status: 'ABORTED', cause: 'rolled back: lag alarm', states: ['Preflight'] });
    expect(calls).toEqual(['preflight']);
  });

  it('never starts when the signal is already aborted', async () => {
    // Prepare
    const { handlers, calls } = handlersWithPreflight(async () => ({}));
    const controller = new AbortController();
    controller.abort('stopped before it began');

    // Act
    const result = await runRollout({ input, handlers, signal: controller.signal });

    // Assess
    expect(result).toEqual({ status: 'ABORTED', cause: 'stopped before it began', states: [] });
    expect(calls).toEqual([]);
  });
});
