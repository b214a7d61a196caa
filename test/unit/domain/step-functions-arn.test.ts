import { describe, expect, it } from 'vitest';
import { executionArnOf, stateMachineOf } from '../../../src/domain/step-functions-arn.ts';

const MACHINE = 'arn:aws:states:eu-west-1:111122223333:stateMachine:kraft-canary-prod-orders';
const EXECUTION = 'arn:aws:states:eu-west-1:111122223333:execution:kraft-canary-prod-orders:orders-finish-7';

describe('Step Functions ARNs', () => {
  it('names an execution of a state machine, and finds the state machine back', () => {
    expect(executionArnOf(MACHINE, 'orders-finish-7')).toBe(EXECUTION);
    expect(stateMachineOf(EXECUTION)).toBe(MACHINE);
  });

  it.each(['', MACHINE, 'arn:aws:states:eu-west-1:111122223333:execution:machine', 'not an arn'])('knows no state machine of %j', (arn) => {
    expect(stateMachineOf(arn)).toBeNull();
  });
});
