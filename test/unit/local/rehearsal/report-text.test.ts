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

describe('renderTextReport: the mover service', () => {
  it('prints where the mover read and that it lost nothing', () => {
    // Prepare
    const base = rolledBackReport();
    const mover = {
      group: 'rehearsal-mover',
      cluster: 'green' as const,
      movedAt: Date.parse(base.startedAt) + 65_700,
      accounting: {
        blue: { produced: 2882, consumed: 2882, lost: 0, stranded: 0, duplicated: 0, retried: 0 },
        green: { produced: 6073, consumed: 6073, lost: 0, stranded: 0, duplicated: 0, retried: 0 },
        total: { produced: 8955, consumed: 8955, lost: 0, stranded: 0, duplicated: 0, retried: 0 },
        unacknowledged: 0,
        lostSample: [],
      },
    };

    // Act
    const text = renderTextReport({ ...base, mover });

    // Assess
    expect(text).toContain(
      [
        'Mover rehearsal-mover (plain kafkajs, reads one cluster): moved to green +65.7s',
        '  read 8955 of 8955 acknowledged (on blue 2882, on green 6073), lost 0, duplicated 0',
      ].join('\n'),
    );
    expect(renderTextReport({ ...base, mover: { ...mover, cluster: 'blue', movedAt: null } })).toContain('still on blue (never moved)');
  });
});

describe('renderTextReport: routing changes', () => {
  it('says a revision that a newer one overtook everywhere was taken by no instance, with no latency figures', () => {
    // Prepare
    const base = rolledBackReport();
    const start = Date.parse(base.startedAt);
    const overtaken = { revision: 2, writtenAt: start + 3_992, instances: 0, p50Ms: 0, p99Ms: 0, maxMs: 0, byPush: 0, byPoll: 0 };

    // Act
    const text = renderTextReport({ ...base, routingChanges: [overtaken, ...base.routingChanges] });

    // Assess
    expect(text).toContain('  revision 2 +4.0s: taken into force by no instance (a newer revision reached each first)\n');
    expect(text).toContain('  revision 3 +4.0s: 3 instances, p50 180 ms');
  });
});
