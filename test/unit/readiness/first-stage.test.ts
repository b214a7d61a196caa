import { describe, expect, it } from 'vitest';
import { consumerCoverageGate, enableGreenTriggers } from '../../../src/readiness/first-stage.ts';
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
