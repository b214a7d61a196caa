import { describe, expect, it } from 'vitest';
import { moverHookArns, moverHookStatements } from '../../../src/deploy/mover-hooks.ts';

const HOOK = 'arn:aws:lambda:eu-west-1:111122223333:function:move-scorer';

describe('mover hooks', () => {
  it('grants lambda:InvokeFunction on exactly the listed hooks', () => {
    expect(moverHookStatements({ moverHooks: ` ${HOOK}, ${HOOK}:live ` })).toEqual([
      { Effect: 'Allow', Action: ['lambda:InvokeFunction'], Resource: [HOOK, `${HOOK}:live`] },
    ]);
  });

  it('grants nothing without hooks', () => {
    expect(moverHookStatements({ moverHooks: '' })).toEqual([]);
    expect(moverHookStatements({})).toEqual([]);
  });

  it('refuses what is not a Lambda function ARN', () => {
    expect(() => moverHookArns({ moverHooks: `${HOOK},arn:aws:lambda:eu-west-1:111122223333:function:*` })).toThrow(
      'moverHooks: "arn:aws:lambda:eu-west-1:111122223333:function:*" is not a Lambda function ARN',
    );
  });
});
