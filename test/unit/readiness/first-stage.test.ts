import { describe, expect, it } from 'vitest';
import { consumerCoverageGate, enableGreenTriggers, firstStageGate } from '../../../src/readiness/first-stage.ts';
import { recordingLogger } from '../../support/fakes/recording-logger.ts';
import { BLUE_ARN, GREEN_ARN, readinessWorld } from '../../support/readiness-world.ts';

const FN = 'arn:aws:lambda:eu-west-1:123456789012:function:settle-orders';
const OTHER_FN = 'arn:aws:lambda:eu-west-1:123456789012:function:audit';

function world() {
  const w = readinessWorld();
  w.triggers.add({ sourceArn: BLUE_ARN, functionArn: FN, topics: ['orders'], consumerGroupId: 'settle' });
  return w;
}

describe('enableGreenTriggers and consumerCoverageGate', () => {
  it('enables only the disabled green twins, once', async () => {
    // Prepare
    const w = world();
    w.triggers.add({ sourceArn: GREEN_ARN, functionArn: FN, topics: ['orders'], state: 'Disabled' });
    w.triggers.add({ sourceArn: GREEN_ARN, functionArn: OTHER_FN, topics: ['unrelated'], state: 'Disabled' });
    w.triggers.add({ sourceArn: BLUE_ARN, functionArn: OTHER_FN, topics: ['audit'] });

    // Act
    const first = await enableGreenTriggers(w.ports)(w.plan);
    const second = await enableGreenTriggers(w.ports)(w.plan);

    // Assess
    expect(first).toEqual({ enabled: ['uuid-2'], missingTwins: ['uuid-4'] });
    expect(second.enabled).toEqual([]);
    expect(w.triggers.writes).toEqual([{ op: 'enable', args: 'uuid-2' }]);
  });

  it('the coverage gate refuses while a consumer of blue has no active reader on green, and passes once enabled', async () => {
    // Prepare
    const w = world();
    w.blue.topic('orders', 1, 3, {}, [10]);
    w.green.topic('orders', 1, 3);
    w.blue.group('settle', { committed: { orders: [10] }, state: 'Stable', members: 1 });
    w.triggers.add({ sourceArn: GREEN_ARN, functionArn: FN, topics: ['orders'], consumerGroupId: 'settle', state: 'Disabled' });

    // Act
    const before = await consumerCoverageGate(w.ports)(w.plan);
    await enableGreenTriggers(w.ports)(w.plan);
    const after = await consumerCoverageGate(w.ports)(w.plan);

    // Assess
    expect(before).toEqual({
      kind: 'refused',
      code: 'consumer-coverage',
      message: 'no reader on green for 1 consumer group(s) that consume on blue: settle',
      missing: ['settle'],
    });
    expect(after).toEqual({ kind: 'ready', covered: 1 });
  });
});

describe('firstStageGate', () => {
  /** Opens the world's ports for a plan and counts the closes. */
  function opener(w: ReturnType<typeof world>, fail?: Error) {
    const log = { opened: 0, closed: 0 };
    const open = async () => {
      if (fail) throw fail;
      log.opened += 1;
      const close = async () => {
        log.closed += 1;
      };
      return { ports: w.ports, close };
    };
    return { log, open };
  }

  it('opens the ports, enables the twins, checks coverage, closes, and reports what it enabled', async () => {
    // Prepare
    const w = world();
    w.blue.topic('orders', 1, 3, {}, [10]);
    w.green.topic('orders', 1, 3);
    w.blue.group('settle', { committed: { orders: [10] }, state: 'Stable', members: 1 });
    w.triggers.add({ sourceArn: GREEN_ARN, functionArn: FN, topics: ['orders'], consumerGroupId: 'settle', state: 'Disabled' });
    const { log, open } = opener(w);
    const logger = recordingLogger();

    // Act
    const result = await firstStageGate(open, logger)(w.plan);

    // Assess
    expect(result).toEqual({ kind: 'ready', covered: 1, enabledTriggers: ['uuid-2'] });
    expect(log).toEqual({ opened: 1, closed: 1 });
    expect(logger.lines).toEqual([{ level: 'info', message: 'first-stage gate', fields: { migration: 'orders', result: 'ready', enabledTriggers: 1 } }]);
  });

  it('passes a coverage refusal through, and closes the ports', async () => {
    // Prepare
    const w = world();
    w.blue.topic('orders', 1, 3, {}, [10]);
    w.green.topic('orders', 1, 3);
    w.blue.group('settle', { committed: { orders: [10] }, state: 'Stable', members: 1 });
    const { log, open } = opener(w);

    // Act
    const result = await firstStageGate(open, recordingLogger())(w.plan);

    // Assess
    expect(result).toMatchObject({ kind: 'refused', code: 'consumer-coverage', missing: ['settle'] });
    expect(log.closed).toBe(1);
  });

  it.each([
    ['the ports cannot be opened', 'open'],
    ['a Lambda call fails', 'list'],
  ] as const)('refuses without throwing when %s (the rollout holds, nothing rolls back)', async (_name, where) => {
    // Prepare
    const w = world();
    const denied = Object.assign(new Error('User arn:aws:iam::1:role/x is not authorized'), { name: 'AccessDeniedException' });
    if (where === 'list') w.ports.triggers.list = async () => Promise.reject(denied);
    const { log, open } = opener(w, where === 'open' ? denied : undefined);

    // Act
    const result = await firstStageGate(open, recordingLogger())(w.plan);

    // Assess
    expect(result).toEqual({
      kind: 'refused',
      code: 'first-stage-unchecked',
      message: 'the checks before the first canary write could not run: AccessDeniedException',
    });
    expect(log.closed).toBe(log.opened);
  });
});
