import { describe, expect, it } from 'vitest';
import type { BlueQuiet } from '../../../../src/controller/decommission/blue-connections.ts';
import { approveWhenBlueQuiet } from '../../../../src/local/rehearsal/blue-quiet-approver.ts';
import type { Decider } from '../../../../src/local/rehearsal/local-approvals.ts';
import type { ApprovalContext } from '../../../../src/ports/index.ts';
import { approvalRecord } from '../../../support/approval-fixtures.ts';
import { FakeTime, flushPromises } from '../../../support/fakes/fake-time.ts';

const busy: BlueQuiet = {
  verdict: { verdict: 'busy', busy: [{ broker: '1', authentication: 'none', periods: [] }] },
  window: { start: 0, end: 1 },
  quietForSeconds: 9,
  expectedBrokers: 3,
  timing: { periodMs: 600, publicationDelayPeriods: 0 },
};
const quiet: BlueQuiet = { ...busy, verdict: { verdict: 'quiet', series: 3, periods: 15 } };
const context = {} as ApprovalContext;

function setup(verdicts: (now: number) => BlueQuiet) {
  const time = new FakeTime(0);
  const asked: number[] = [];
  const events: string[] = [];
  const decide: Decider = async () => {
    asked.push(time.now());
    return { action: 'approve', by: 'rehearsal', byName: 'automatic approval' };
  };
  const approver = approveWhenBlueQuiet(decide, {
    read: async (now) => verdicts(now),
    clock: time,
    timers: time,
    pollMs: 600,
    timeoutMs: 10_000,
    onEvent: (_at, text) => events.push(text),
  });
  return { time, asked, events, approver };
}

describe('approveWhenBlueQuiet', () => {
  it('asks about a stage at once', async () => {
    // Prepare
    const { approver, asked } = setup(() => busy);
    // Act
    await approver(approvalRecord({ kind: 'stage' }), context);
    // Assess
    expect(asked).toEqual([0]);
  });

  it('asks about the deletion once blue has been quiet, as Decommission will judge it', async () => {
    // Prepare
    const { approver, asked, events, time } = setup((now) => (now >= 3_000 ? quiet : busy));
    // Act
    const decision = approver(approvalRecord({ kind: 'decommission' }), context);
    await time.advance(5_000);
    await decision;
    // Assess
    expect(asked).toEqual([3_000]);
    expect(events).toEqual(['decommission approval: no client on blue for 9s; asking now']);
  });

  it('asks anyway when blue stays busy past the timeout (Decommission then refuses and says why)', async () => {
    // Prepare
    const { approver, asked, events, time } = setup(() => busy);
    // Act
    const decision = approver(approvalRecord({ kind: 'decommission' }), context);
    await time.advance(20_000);
    await flushPromises();
    await decision;
    // Assess
    expect(asked).toEqual([10_200]);
    expect(events).toEqual(['decommission approval: blue still busy; asking now']);
  });
});
