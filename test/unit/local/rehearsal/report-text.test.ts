import { describe, expect, it } from 'vitest';
import { renderTextReport } from '../../../../src/local/rehearsal/report-text.ts';
import { rolledBackReport } from './report-fixture.ts';

describe('renderTextReport', () => {
  it('prints the summary of a rolled-back rehearsal', async () => {
    // Act
    const text = renderTextReport(rolledBackReport());

    // Assess
    await expect(text).toMatchFileSnapshot('./golden/report-rolled-back.txt');
  });

  it('prints a failed, complete-less rehearsal with its reasons', async () => {
    // Prepare
    const report = {
      ...rolledBackReport(),
      settings: { ...rolledBackReport().settings, inject: null },
      outcome: {
        expected: 'complete',
        reached: null,
        execution: 'FAILED',
        passed: false,
        reasons: ['the rollout ended before its first routing write; expected complete'],
      },
      stages: [],
      gates: [],
      executions: [{ name: 'rehearsal', entry: 'rollout', status: 'FAILED (RolloutRefused)' }],
      fault: null,
      rollback: null,
      routingChanges: [],
    } as const;

    // Act
    const text = renderTextReport(report);

    // Assess
    await expect(text).toMatchFileSnapshot('./golden/report-failed.txt');
  });
});
