import { describe, expect, it } from 'vitest';
import { InvalidStepInputError, MoverHookNotAllowedError } from '../../../../src/controller/errors.ts';
import { requestMoves } from '../../../../src/controller/movers/request-moves.ts';
import type { PlanInput } from '../../../../src/domain/plan.ts';
import { FakeMoveHooks } from '../../../support/fakes/fake-move-hooks.ts';
import { manualClock } from '../../../support/fakes/fake-time.ts';
import { recordingLogger } from '../../../support/fakes/recording-logger.ts';
import { planInput, T0 } from '../../../support/rollout-fixtures.ts';

const HOOK = 'arn:aws:lambda:eu-west-1:111122223333:function:orders-scorer-move';
const EXEC = 'arn:aws:states:eu-west-1:111122223333:execution:kraft-canary-orders:run-1';
const movers: PlanInput['movers'] = [
  { group: 'scorer', kind: 'streams', move: { lambda: HOOK } },
  { group: 'connect-s3', kind: 'connect', move: { slack: true } },
];

function setup(allowed: string[] = [HOOK]) {
  const hooks = new FakeMoveHooks();
  const logger = recordingLogger();
  return { hooks, logger, run: requestMoves({ hooks, allowedHooks: allowed, clock: manualClock(T0), logger }) };
}

describe('requestMoves', () => {
  it('invokes each hook with the move request and words the Slack request for the others', async () => {
    // Prepare
    const { hooks, run, logger } = setup();

    // Act
    const out = await run({ plan: planInput({ movers }), executionArn: EXEC });

    // Assess
    expect(hooks.calls).toEqual([
      {
        arn: HOOK,
        request: {
          type: 'kraft-canary.move',
          migration: 'orders',
          group: 'scorer',
          kind: 'streams',
          cluster: 'green',
          bootstrap: 'b-1.orders-green.kafka.eu-west-1.amazonaws.com:9098',
          startFrom: 'earliest',
          executionArn: EXEC,
        },
      },
    ]);
    expect(out).toMatchObject({ requestedAt: T0, hooked: ['scorer'], asked: ['connect-s3'] });
    expect(out.notification).toEqual({
      migration: 'orders',
      kind: 'move',
      text: [
        "orders: producers are all on green and blue is drained. Move these consumer groups to green (b-1.orders-green.kafka.eu-west-1.amazonaws.com:9098), starting from green's earliest offsets (auto.offset.reset=earliest, no offsets copied):",
        '• scorer (streams): its move hook was invoked',
        '• connect-s3 (connect): please restart it against green now',
        'The rollout completes when each group reads green and has caught up.',
      ].join('\n'),
    });
    expect(logger.lines).toEqual([{ level: 'info', message: 'moves requested', fields: { migration: 'orders', hooked: 1, asked: 1 } }]);
  });

  it('refuses a hook the deployment may not invoke before invoking any', async () => {
    // Prepare
    const { hooks, run } = setup([]);

    // Act
    const out = run({ plan: planInput({ movers }), executionArn: EXEC });

    // Assess
    await expect(out).rejects.toBeInstanceOf(MoverHookNotAllowedError);
    await expect(out).rejects.toThrow("the move hook of scorer is not in this deployment's moverHooks");
    expect(hooks.calls).toEqual([]);
  });

  it('lets an invocation error through for the state machine to retry or hold', async () => {
    // Prepare
    const { hooks, run } = setup();
    hooks.failure = Object.assign(new Error('Invoke failed transiently (TooManyRequestsException)'), { name: 'TransientAwsError' });

    // Act + Assess
    await expect(run({ plan: planInput({ movers }), executionArn: EXEC })).rejects.toMatchObject({ name: 'TransientAwsError' });
  });

  it('refuses an invalid step input', async () => {
    // Prepare
    const { run } = setup();

    // Act + Assess
    await expect(run({ plan: planInput({ movers }) })).rejects.toBeInstanceOf(InvalidStepInputError);
  });
});
