import { describe, expect, it } from 'vitest';
import { finishByHandCommand, finishExecutionName } from '../../../../src/controller/rollback/finish-rollback.ts';
import { stateMachineOf } from '../../../../src/domain/step-functions-arn.ts';

describe('finish-rollback naming', () => {
  it.each([
    [
      'arn:aws:states:eu-west-1:123456789012:execution:kraft-canary-prod-orders:orders-3f2a',
      'arn:aws:states:eu-west-1:123456789012:stateMachine:kraft-canary-prod-orders',
    ],
    ['arn:aws-cn:states:cn-north-1:123456789012:execution:rollout:run_1', 'arn:aws-cn:states:cn-north-1:123456789012:stateMachine:rollout'],
    ['arn:aws:states:local:000000000000:execution:kraft-canary-rollout:rehearsal', 'arn:aws:states:local:000000000000:stateMachine:kraft-canary-rollout'],
    ['arn:aws:states:eu-west-1:123456789012:express:rollout:run-1:0a1b', null],
    ['arn:aws:states:eu-west-1:123456789012:stateMachine:rollout', null],
    ['local', null],
  ])('the state machine of %s is %s', (executionArn, expected) => {
    expect(stateMachineOf(executionArn)).toBe(expected);
  });

  it('names the finish after the rolled-back revision, within 80 characters', () => {
    expect(finishExecutionName('orders', 7)).toBe('orders-finish-7');
    const long = finishExecutionName('m'.repeat(63), 123456789);
    expect(long).toHaveLength(80);
    expect(long.endsWith('-finish-123456789')).toBe(true);
  });

  it('gives the command to finish by hand, with the state machine when it is known', () => {
    expect(finishByHandCommand(null)).toBe('kraft-canary start --plan <file> --entry finish-rollback');
    expect(finishByHandCommand('arn:aws:states:eu-west-1:123456789012:stateMachine:rollout')).toBe(
      'kraft-canary start --plan <file> --entry finish-rollback --state-machine-arn arn:aws:states:eu-west-1:123456789012:stateMachine:rollout',
    );
  });
});
