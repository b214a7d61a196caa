import { describe, expect, it } from 'vitest';
import { routingNotification } from '../../../../src/controller/routing/routing-notification.ts';
import { stageView } from '../../../../src/controller/routing/stage-view.ts';
import { plan, routingDoc } from '../../../support/rollout-fixtures.ts';

describe('routingNotification', () => {
  it.each([
    ['the first stage', 0, 'canary', 20, ['pause', 'promote']],
    ['a later canary stage', 2, 'canary', 80, ['pause', 'promote', 'step-back']],
    ['the cutover', 3, 'draining', 100, []],
    ['completion', 3, 'complete', 100, []],
  ] as const)('%s offers the buttons its stage allows', (_name, stageIndex, phase, greenPercent, offered) => {
    // Prepare
    const doc = routingDoc({ phase, producers: { greenPercent }, consumers: { blue: phase !== 'complete', green: true }, revision: 7 });
    // Act
    const notification = routingNotification(plan(), doc, stageView(plan(), stageIndex));
    // Assess
    expect(notification.controls).toEqual({ stageIndex, offered });
  });
});
